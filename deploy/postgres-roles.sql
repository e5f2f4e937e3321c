-- Run once as the PostgreSQL superuser: runuser -u postgres -- psql -f deploy/postgres-roles.sql
-- Then set the two passwords (\password handbook_owner, \password handbook_app) and put them in
-- /etc/handbook/owner.env and /etc/handbook/handbook.env.
CREATE ROLE handbook_owner LOGIN;
CREATE ROLE handbook_app LOGIN;
CREATE DATABASE handbook OWNER handbook_owner ENCODING 'UTF8' TEMPLATE template0;
-- Nobody else may connect; the owner grants the application role CONNECT and its table
-- privileges after every migrate (handbook/dbroles.py).
REVOKE ALL ON DATABASE handbook FROM PUBLIC;
\connect handbook
-- PostgreSQL 15 already lets only the database owner create objects in the public schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
