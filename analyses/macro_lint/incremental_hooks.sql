-- Lint harness of `leadwh lint-macros` (never run): the SQL of the incremental models' pre- and
-- post-hooks, rendered as on an incremental run (see incremental_attachment.sql). Not here:
-- reset_when_input_replaced (and the reset_*_when_* hooks that call it), which queries the
-- model before it writes its statement; its conditions are the *_is_stale / *_are_stale
-- expressions below.
select
    {{ lead_activity_summary_is_stale(ref('int_activities__leads_attached')) }} as is_summary_stale,
    {{ lead_signal_days_are_stale(ref('int_activities__leads_attached')) }} as are_signal_days_stale;

{{ save_watermarks_before_insert() }};

{{ delete_rejected_activities() }};

{{ drop_watermarks_before_insert() }};

{{ delete_leads_without_activities() }};

{{ delete_leads_without_signal_days() }};

{{ delete_sales_touches_gone_from_stream() }};

{{ delete_keyless_rows('raw_key') }};
