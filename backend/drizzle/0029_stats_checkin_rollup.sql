-- One region rule for the statistics: the register's figures place a file by its village code
-- (as the rollup does), not by its stored lineage; visits overdue stay index-only with the code.
DROP INDEX IF EXISTS "children_overdue_idx";
--> statement-breakpoint
CREATE INDEX "children_overdue_idx" ON "children" ("next_visit_due") INCLUDE ("created_at", "region_code") WHERE status = 'open';
--> statement-breakpoint
-- Check-in calls (回访) in the rollup: counted on the Beijing day placed, where the child's file is.
-- A check-in call has no queue time: its own change (placed, outcome, removed) marks the day it
-- was placed.
CREATE FUNCTION stats_mark_checkin_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO stats_dirty (day) SELECT DISTINCT stats_day(n.created_at) FROM stats_new n
     WHERE n.direction = 'outbound' AND n.child_id IS NOT NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO stats_dirty (day) SELECT DISTINCT stats_day(o.created_at) FROM stats_old o
     WHERE o.direction = 'outbound' AND o.child_id IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER calls_stats_checkin_insert AFTER INSERT ON calls REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_checkin_calls();
--> statement-breakpoint
CREATE TRIGGER calls_stats_checkin_update AFTER UPDATE ON calls REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_checkin_calls();
--> statement-breakpoint
CREATE TRIGGER calls_stats_checkin_delete AFTER DELETE ON calls REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_checkin_calls();
--> statement-breakpoint
-- A file that moves (or goes) also moves its check-in calls: as 0026's, with their days.
CREATE OR REPLACE FUNCTION stats_mark_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stats_dirty (day)
    SELECT DISTINCT d FROM (
      SELECT stats_day(n.created_at) AS d FROM stats_new n
      UNION ALL SELECT stats_day(greatest(n.created_at, coalesce(n.closed_at, n.created_at)))
        FROM stats_new n WHERE n.status <> 'open') x WHERE d IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stats_dirty (day)
    SELECT DISTINCT d FROM (
      SELECT stats_day(o.created_at) AS d FROM stats_old o
      UNION ALL SELECT stats_day(greatest(o.created_at, coalesce(o.closed_at, o.created_at)))
        FROM stats_old o WHERE o.status <> 'open'
      UNION ALL SELECT stats_day(v.visited_at) FROM stats_old o JOIN child_visits v ON v.child_id = o.id
      UNION ALL SELECT stats_day(k.created_at) FROM stats_old o JOIN calls k ON k.child_id = o.id
        WHERE k.direction = 'outbound'
    ) x WHERE d IS NOT NULL;
  ELSE
    -- Only the columns a figure reads: a file changes often (visits due, notes) without them.
    WITH changed AS (
      SELECT o.id, o.created_at AS old_created, n.created_at AS new_created,
             CASE WHEN o.status <> 'open' THEN greatest(o.created_at, coalesce(o.closed_at, o.created_at)) END AS old_left,
             CASE WHEN n.status <> 'open' THEN greatest(n.created_at, coalesce(n.closed_at, n.created_at)) END AS new_left,
             o.region_code IS DISTINCT FROM n.region_code AS moved
        FROM stats_old o JOIN stats_new n USING (id)
       WHERE (o.created_at, o.status, o.closed_at, o.risk_level, o.categories, o.region_code)
             IS DISTINCT FROM (n.created_at, n.status, n.closed_at, n.risk_level, n.categories, n.region_code))
    INSERT INTO stats_dirty (day)
    SELECT DISTINCT d FROM (
      SELECT stats_day(old_created) AS d FROM changed
      UNION ALL SELECT stats_day(new_created) FROM changed
      UNION ALL SELECT stats_day(old_left) FROM changed
      UNION ALL SELECT stats_day(new_left) FROM changed
      UNION ALL SELECT stats_day(v.visited_at) FROM changed JOIN child_visits v ON v.child_id = changed.id
        WHERE changed.moved
      UNION ALL SELECT stats_day(k.created_at) FROM changed JOIN calls k ON k.child_id = changed.id
        WHERE changed.moved AND k.direction = 'outbound'
    ) x WHERE d IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;
