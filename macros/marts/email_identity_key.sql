{#- The identity key of a normalised email: the address with any `+tag` removed from the local
    part (`Ann+news@x.com` and `ann@x.com` are one person once normalised). Case and surrounding blanks are ignored; null stays null.
    Built from dbt's cross-database macros, so it runs unchanged on every adapter. -#}
{% macro email_identity_key(email_column) -%}
    {%- set email = 'lower(trim(' ~ email_column ~ '))' -%}
    case
        when {{ email_column }} is not null
            then {{ dbt.concat([
                dbt.split_part(dbt.split_part(email, "'@'", 1), "'+'", 1),
                "'@'",
                dbt.split_part(email, "'@'", 2),
            ]) }}
    end
{%- endmacro %}
