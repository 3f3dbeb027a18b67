{#- Email as compared everywhere in the warehouse: trimmed, look-alike characters folded to
    Latin, lower-cased. Empty -> null. Validity is a separate question (is_valid_email).
    The raw column is folded first and trimmed last (the same result as trimming first, since
    neither folding nor lower-casing touches blanks), so the macro repeats only the cheap cast
    of its argument, never a nested expression: on tens of millions of rows that matters. -#}
{% macro normalize_email(column) -%}
    nullif({{ trim_spaces('lower(' ~ fold_lookalike_characters('cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')') ~ ')') }}, '')
{%- endmacro %}
