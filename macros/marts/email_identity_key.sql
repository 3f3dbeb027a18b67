{#- The identity key of a normalised email, hashed: md5 of the address with any `+tag` removed
    from the local part (`Ann+news@x.com` and `ann@x.com` are one person once normalised). Case
    and surrounding blanks are ignored; null stays null. Only this hash leaves staging: no
    intermediate model or mart carries the address itself (personal data).
    An erased email (privacy.erasure_requests) is replaced everywhere by the tombstone
    `erased:<this hash>`, whose identity key is the hash it carries, so an erased person keeps
    the same identity and every count stays the same.
    Built from dbt's cross-database macros, so it runs unchanged on every adapter. -#}
{% macro email_identity_key(email_column) -%}
    {%- set email = 'lower(trim(' ~ email_column ~ '))' -%}
    case
        when {{ email }} like 'erased:%'
            then substr({{ email }}, 8)
        when {{ email_column }} is not null
            then {{ dbt.hash(dbt.concat([
                dbt.split_part(dbt.split_part(email, "'@'", 1), "'+'", 1),
                "'@'",
                dbt.split_part(email, "'@'", 2),
            ])) }}
    end
{%- endmacro %}
