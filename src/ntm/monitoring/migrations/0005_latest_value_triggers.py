"""Triggers that keep LatestValue and UnitDataVersion in the transaction of every observation or review write.

Triggers, not service code, so that no write path can forget them: the services, the bulk loads
(synthetic.py's executemany, bench scripts' bulk_create), raw SQL and deletes all pass through the
table. A row is "newest" by (period_end, id): the latest period, and of two rows ending the same
day (a year and its Q4) the later written, as the history read decides. PostgreSQL uses
statement-level triggers with transition tables (one set-based statement per bulk insert); SQLite
has row-level triggers only. Then the table is filled from the stored history.
"""

from django.db import migrations

LATEST = "monitoring_latestvalue"
KEY = "unit_id, set_family, criterion, indicator"

# The newest stored row of each key joined in as `k`; keys that still have an entry keep it.
NEWEST_OF = ("SELECT DISTINCT ON (o.unit_id, o.set_family, o.criterion, o.indicator) "
             "o.unit_id, o.set_family, o.criterion, o.indicator, o.period_end, o.id FROM monitoring_observation o JOIN")
NEWEST_ORDER = ("ORDER BY o.unit_id, o.set_family, o.criterion, o.indicator, o.period_end DESC, o.id DESC "
                "ON CONFLICT DO NOTHING")
MOVED = ("(o.unit_id, o.set_family, o.criterion, o.indicator, o.period_end) "
         "IS DISTINCT FROM (n.unit_id, n.set_family, n.criterion, n.indicator, n.period_end)")

POSTGRES = f"""
CREATE FUNCTION monitoring_bump_versions(units bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO monitoring_unitdataversion AS v (unit_id, version)
  SELECT DISTINCT u, 1 FROM unnest(units) AS u ORDER BY u
  ON CONFLICT (unit_id) DO UPDATE SET version = v.version + 1;
$$;

CREATE FUNCTION monitoring_observation_latest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM {LATEST} l USING old_rows o WHERE l.observation_id = o.id;
    INSERT INTO {LATEST} ({KEY}, period_end, observation_id) {NEWEST_OF} (SELECT DISTINCT {KEY} FROM old_rows) k
    USING ({KEY}) {NEWEST_ORDER};
    PERFORM monitoring_bump_versions(ARRAY(SELECT unit_id FROM old_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    -- rows moved to another key or period: their entries go, and those keys get their newest row again
    DELETE FROM {LATEST} l USING old_rows o JOIN new_rows n ON n.id = o.id
    WHERE l.observation_id = o.id AND {MOVED};
    INSERT INTO {LATEST} ({KEY}, period_end, observation_id) {NEWEST_OF}
    (SELECT DISTINCT o.unit_id, o.set_family, o.criterion, o.indicator FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE {MOVED}) k USING ({KEY}) {NEWEST_ORDER};
    PERFORM monitoring_bump_versions(ARRAY(SELECT unit_id FROM old_rows));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO {LATEST} AS l ({KEY}, period_end, observation_id)
    SELECT DISTINCT ON ({KEY}) {KEY}, period_end, id FROM new_rows
    ORDER BY {KEY}, period_end DESC, id DESC
    ON CONFLICT ({KEY}) DO UPDATE SET period_end = excluded.period_end, observation_id = excluded.observation_id
    WHERE (excluded.period_end, excluded.observation_id) > (l.period_end, l.observation_id);
    PERFORM monitoring_bump_versions(ARRAY(SELECT unit_id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER monitoring_observation_latest_insert AFTER INSERT ON monitoring_observation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION monitoring_observation_latest();
CREATE TRIGGER monitoring_observation_latest_update AFTER UPDATE ON monitoring_observation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION monitoring_observation_latest();
CREATE TRIGGER monitoring_observation_latest_delete AFTER DELETE ON monitoring_observation
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION monitoring_observation_latest();

CREATE FUNCTION monitoring_review_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM monitoring_bump_versions(ARRAY[OLD.unit_id]);
  ELSE
    PERFORM monitoring_bump_versions(ARRAY[NEW.unit_id]);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER monitoring_review_version AFTER INSERT OR UPDATE OR DELETE ON monitoring_periodreview
  FOR EACH ROW EXECUTE FUNCTION monitoring_review_version();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS monitoring_review_version ON monitoring_periodreview;
DROP FUNCTION IF EXISTS monitoring_review_version();
DROP TRIGGER IF EXISTS monitoring_observation_latest_insert ON monitoring_observation;
DROP TRIGGER IF EXISTS monitoring_observation_latest_update ON monitoring_observation;
DROP TRIGGER IF EXISTS monitoring_observation_latest_delete ON monitoring_observation;
DROP FUNCTION IF EXISTS monitoring_observation_latest();
DROP FUNCTION IF EXISTS monitoring_bump_versions(bigint[]);
"""


def _bump(unit: str) -> str:
    return (f"INSERT INTO monitoring_unitdataversion (unit_id, version) VALUES ({unit}, 1) "
            f"ON CONFLICT (unit_id) DO UPDATE SET version = version + 1;")


def _offer(row: str) -> str:
    """Make `row` the key's entry if it is newer than the entry (or there is none)."""
    return (f"INSERT INTO {LATEST} ({KEY}, period_end, observation_id) "
            f"VALUES ({row}.unit_id, {row}.set_family, {row}.criterion, {row}.indicator, {row}.period_end, {row}.id) "
            f"ON CONFLICT ({KEY}) DO UPDATE SET period_end = excluded.period_end, "
            f"observation_id = excluded.observation_id "
            f"WHERE (excluded.period_end, excluded.observation_id) > ({LATEST}.period_end, {LATEST}.observation_id);")


def _recompute(row: str) -> str:
    """The key of `row` gets its newest stored row, if it has no entry now."""
    return (f"INSERT INTO {LATEST} ({KEY}, period_end, observation_id) "
            f"SELECT {KEY}, period_end, id FROM monitoring_observation WHERE unit_id = {row}.unit_id "
            f"AND set_family = {row}.set_family AND criterion = {row}.criterion AND indicator = {row}.indicator "
            f"ORDER BY period_end DESC, id DESC LIMIT 1 ON CONFLICT DO NOTHING;")


_MOVED = ("NOT (OLD.unit_id = NEW.unit_id AND OLD.set_family = NEW.set_family AND OLD.criterion = NEW.criterion "
          "AND OLD.indicator = NEW.indicator AND OLD.period_end = NEW.period_end)")

SQLITE = [
    f"CREATE TRIGGER monitoring_observation_latest_insert AFTER INSERT ON monitoring_observation BEGIN "
    f"{_offer('NEW')} {_bump('NEW.unit_id')} END;",
    f"CREATE TRIGGER monitoring_observation_latest_update AFTER UPDATE ON monitoring_observation BEGIN "
    f"DELETE FROM {LATEST} WHERE observation_id = OLD.id AND {_MOVED}; "
    f"{_recompute('OLD')} {_offer('NEW')} {_bump('OLD.unit_id')} {_bump('NEW.unit_id')} END;",
    f"CREATE TRIGGER monitoring_observation_latest_delete AFTER DELETE ON monitoring_observation BEGIN "
    f"DELETE FROM {LATEST} WHERE observation_id = OLD.id; {_recompute('OLD')} {_bump('OLD.unit_id')} END;",
    f"CREATE TRIGGER monitoring_review_version_insert AFTER INSERT ON monitoring_periodreview BEGIN "
    f"{_bump('NEW.unit_id')} END;",
    f"CREATE TRIGGER monitoring_review_version_update AFTER UPDATE ON monitoring_periodreview BEGIN "
    f"{_bump('NEW.unit_id')} END;",
    f"CREATE TRIGGER monitoring_review_version_delete AFTER DELETE ON monitoring_periodreview BEGIN "
    f"{_bump('OLD.unit_id')} END;",
]

SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name};" for name in (
    "monitoring_observation_latest_insert", "monitoring_observation_latest_update",
    "monitoring_observation_latest_delete", "monitoring_review_version_insert", "monitoring_review_version_update",
    "monitoring_review_version_delete")]

# Each key's newest row: no other row of the key ends later, or the same day and was written later.
FILL = f"""
INSERT INTO {LATEST} ({KEY}, period_end, observation_id)
SELECT o.unit_id, o.set_family, o.criterion, o.indicator, o.period_end, o.id FROM monitoring_observation o
WHERE NOT EXISTS (SELECT 1 FROM monitoring_observation n WHERE n.unit_id = o.unit_id
                  AND n.set_family = o.set_family AND n.criterion = o.criterion AND n.indicator = o.indicator
                  AND (n.period_end > o.period_end OR (n.period_end = o.period_end AND n.id > o.id)))
"""


def create_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(POSTGRES)
        else:
            for statement in SQLITE:
                cursor.execute(statement)
        cursor.execute(f"DELETE FROM {LATEST}")
        cursor.execute(FILL)


def drop_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(POSTGRES_DROP)
        else:
            for statement in SQLITE_DROP:
                cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [("monitoring", "0004_latest_values")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
