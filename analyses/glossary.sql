-- The glossary page of the dbt docs: the definitions are this analysis's description
-- (analyses/_analyses__glossary.yml, one doc block of models/docs/glossary.md per term).
-- Nothing to query: the single row only names the file the definitions come from.
select 'models/docs/glossary.md' as glossary_source
