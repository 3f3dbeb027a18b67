{#- Email as compared everywhere in the warehouse: trimmed, look-alike characters folded to
    Latin, lower-cased. Empty -> null. Validity is a separate question (is_valid_email). -#}
{% macro normalize_email(column) -%}
    lower({{ fold_lookalike_characters(clean_text(column)) }})
{%- endmacro %}
