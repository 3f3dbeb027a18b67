-- What a BI role (the reporting role) may see on a PostgreSQL server besides the marts dbt grants
-- it. Run as a superuser, connected to the warehouse database: once per server, and again after
-- recreating that database (the pg_catalog privileges below live in each database) or creating
-- another one (a new database lets PUBLIC connect and create temporary tables). Idempotent.
--
--   psql -X -v ON_ERROR_STOP=1 -d <warehouse database> \
--        -v db=<warehouse database> -v build_role=<dbt's role> -v reporting_role=<BI role> \
--        -f scripts/pg_reporting_access.sql
--
-- scripts/pg_test_cluster.sh runs it on the test cluster; docs/architecture.md "PostgreSQL
-- access" lists what stays visible and why. Other trusted roles that need what is revoked here
-- from PUBLIC (a loader, an analyst) get it back with the same GRANTs as the build role.

\set ON_ERROR_STOP 1
select current_database() = :'db' as in_warehouse_db \gset
\if :in_warehouse_db
\else
do $$ begin raise exception 'pg_reporting_access.sql: connect (-d) to the database in -v db'; end $$;
\endif

-- 1. Databases: only the roles that need it may connect to the warehouse database, only the
--    build role may create temporary tables there (dbt-postgres needs them: incremental models and
--    unit tests), and no role connects to any other database through PUBLIC.
revoke all on database :"db" from public;
grant connect, temporary on database :"db" to :"build_role";
grant connect on database :"db" to :"reporting_role";
select format('revoke connect, temporary on database %I from public', datname)
from pg_database
where datname <> :'db'
\gexec
-- nor create anything in the warehouse database's public schema (dbt builds in its own schemas)
revoke all on schema public from public;

-- 2. Row counts and sizes of relations the role may not read: planner estimates in pg_class,
--    the cumulative statistics views and functions, and the size functions.
revoke select on pg_catalog.pg_class from public;
select format(
    'grant select (%s) on pg_catalog.pg_class to public',
    string_agg(quote_ident(attname), ', ' order by attnum)
)
from pg_attribute
where attrelid = 'pg_catalog.pg_class'::regclass and attnum > 0 and not attisdropped
    and attname not in ('reltuples', 'relpages', 'relallvisible')
\gexec
grant select on pg_catalog.pg_class to :"build_role";

select format('revoke select on pg_catalog.%I from public', viewname),
    format('grant select on pg_catalog.%I to pg_monitor, %I', viewname, :'build_role')
from pg_views
where schemaname = 'pg_catalog'
    and (viewname ~ '^pg_stat(io)?_(xact_)?(all|sys|user)_(tables|indexes|sequences|functions)$'
        or viewname in ('pg_stat_database', 'pg_stat_database_conflicts'))
\gexec

-- per-relation, per-function and per-database counters: pg_stat_get_<counter>(oid)
select format('revoke execute on function %s from public', p.oid::regprocedure),
    format('grant execute on function %s to pg_monitor, %I', p.oid::regprocedure, :'build_role')
from pg_proc as p
where p.pronamespace = 'pg_catalog'::regnamespace
    and (
        (p.proname like 'pg\_stat\_get\_%' and p.proargtypes = '26'::oidvector)
        or p.proname in ('pg_relation_size', 'pg_table_size', 'pg_indexes_size',
            'pg_total_relation_size')
    )
\gexec

-- 3. View definitions (the SQL of the staging views): pg_get_viewdef / pg_get_ruledef, the
--    views that call them, and the parsed rule trees in pg_rewrite.
select format('revoke execute on function %s from public', p.oid::regprocedure),
    format('grant execute on function %s to %I', p.oid::regprocedure, :'build_role')
from pg_proc as p
where p.pronamespace = 'pg_catalog'::regnamespace
    and p.proname in ('pg_get_viewdef', 'pg_get_ruledef')
\gexec
revoke select on pg_catalog.pg_views, pg_catalog.pg_matviews, pg_catalog.pg_rules from public;
-- dbt-postgres lists relations from pg_views and pg_matviews
grant select on pg_catalog.pg_views, pg_catalog.pg_matviews, pg_catalog.pg_rules to :"build_role";
revoke select on pg_catalog.pg_rewrite from public;
select format(
    'grant select (%s) on pg_catalog.pg_rewrite to public',
    string_agg(quote_ident(attname), ', ' order by attnum)
)
from pg_attribute
where attrelid = 'pg_catalog.pg_rewrite'::regclass and attnum > 0 and not attisdropped
    and attname not in ('ev_action', 'ev_qual')
\gexec
grant select on pg_catalog.pg_rewrite to :"build_role";
