#!/bin/sh
# First start of the database volume only (docker-entrypoint-initdb.d): one role and one
# database each for Clearway and for Airflow's metadata. Passwords come from the environment.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v clearway_pw="$CLEARWAY_DB_PASSWORD" -v airflow_pw="$AIRFLOW_DB_PASSWORD" <<'SQL'
CREATE ROLE clearway LOGIN PASSWORD :'clearway_pw';
CREATE ROLE airflow LOGIN PASSWORD :'airflow_pw';
CREATE DATABASE clearway OWNER clearway;
CREATE DATABASE airflow OWNER airflow;
SQL
