{#- Erasure keys: how an erasure request recognises a person in every raw and derived row,
    whatever form the email, phone or lead id takes there. Looser than any normalisation the
    warehouse uses (normalize_email, fold_lookalike_characters, clean_text, is_valid_email), so a
    value the warehouse rejects as invalid is still matched to the request of its person. Only
    md5 hashes of these keys leave this file (stg_privacy__erased_people, the hooks' SQL).
    Portable SQL (lower, translate, regexp_replace with the 'g' flag, right, md5): the same on
    DuckDB and PostgreSQL. -#}

{#- Characters removed anywhere in an email before matching: ASCII blanks and controls
    ([:space:], [:cntrl:]), the C1 controls, and the invisible or space-like Unicode characters
    loaders and copy-paste leave in addresses (no-break space, soft hyphen, zero-width
    space/joiners, direction marks, word joiner, BOM, ideographic space, ...). Literal characters
    (Jinja turns the escapes into them), so both regex engines read the same bracket. -#}
{% macro erasure_invisible_characters() -%}
    {{ return('\u0080-\u009f\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufeff\uffa0') }}
{%- endmacro %}

{#- The loose erasure key of an email, as text: look-alike letters folded, lower-cased, every
    blank, invisible and control character removed (inside the address too), trailing dots
    stripped, a `+tag` dropped from the local part. Empty -> null. Tombstones
    (`erased:<hash>`, `erased-invalid:<hash>`) pass through unchanged. -#}
{% macro erasure_email_key(column) -%}
    nullif(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    lower({{ fold_lookalike_characters('cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')') }}),
                    '[[:space:][:cntrl:]{{ erasure_invisible_characters() }}]+', '', 'g'
                ),
                '[.]+$', '', 'g'
            ),
            '[+][^@]*@', '@', 'g'
        ),
        ''
    )
{%- endmacro %}

{#- The hashed erasure key of an email whose loose key (erasure_email_key) is `key`: the hash a
    tombstone carries, else md5 of the key. For a valid address this is exactly its hashed
    identity key (email_identity_key), so a tombstone keeps the person's identity. -#}
{% macro erasure_email_hash(key) -%}
    case
        when {{ key }} like 'erased:%' then substr({{ key }}, 8)
        when {{ key }} like 'erased-invalid:%' then substr({{ key }}, 16)
        when {{ key }} is not null then {{ dbt.hash(key) }}
    end
{%- endmacro %}

{#- The hashed erasure key of a phone number in any notation: md5 of its last 9 digits (the
    national number without country code, `00`/`+` prefix or trunk 0), when it has at least 8
    digits; else null (too short to say whose it is). -#}
{% macro erasure_phone_key(column) -%}
    {%- set digits = "regexp_replace(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '[^0-9]', '', 'g')" -%}
    case
        when length({{ digits }}) >= 8 then {{ dbt.hash('right(' ~ digits ~ ', 9)') }}
    end
{%- endmacro %}

{#- The hashed erasure key of a CRM lead id (trimmed): the hash its tombstone carries, else md5
    of the id. -#}
{% macro erasure_lead_id_hash(column) -%}
    case
        when {{ clean_text(column) }} like 'erased:%' then substr({{ clean_text(column) }}, 8)
        when {{ clean_text(column) }} is not null then {{ dbt.hash(clean_text(column)) }}
    end
{%- endmacro %}

{#- What an erased lead id becomes: `erased:<md5 of the trimmed id>` (a tombstone stays as it is,
    null stays null). Every table gets the same value, so joins on the lead id, and every count,
    are unchanged, while no table holds the CRM id any more. -#}
{% macro erasure_lead_id_tombstone(column) -%}
    case
        when {{ clean_text(column) }} is not null
            then {{ dbt.concat(["'erased:'", erasure_lead_id_hash(column)]) }}
    end
{%- endmacro %}

{#- True for a value already replaced by an erasure tombstone. -#}
{% macro is_erasure_tombstone(column) -%}
    ({{ column }} like 'erased:%' or {{ column }} like 'erased-invalid:%')
{%- endmacro %}
