CREATE INDEX "children_created_idx" ON "children" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "warnings_created_idx" ON "warnings" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "warnings_escalated_idx" ON "warnings" USING btree ("escalated_at") WHERE "warnings"."escalated_at" is not null;--> statement-breakpoint
-- The register's counters in the statistics' rollup: a file is added on the day registered and
-- leaves on the later of the days registered and closed (the expression the readers use).
CREATE INDEX "children_left_idx" ON "children" ((greatest(created_at, coalesce(closed_at, created_at)))) WHERE status <> 'open';
--> statement-breakpoint
-- Dirty days (as in 0022): a file's change marks the days its counters fall on, before and
-- after; a file that moved also marks its visits' days (a visit counts where its child is).
CREATE FUNCTION stats_mark_children() RETURNS trigger LANGUAGE plpgsql AS $$
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
    ) x WHERE d IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER children_stats_insert AFTER INSERT ON children REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_children();
--> statement-breakpoint
CREATE TRIGGER children_stats_update AFTER UPDATE ON children REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_children();
--> statement-breakpoint
CREATE TRIGGER children_stats_delete AFTER DELETE ON children REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_children();
--> statement-breakpoint
CREATE TRIGGER child_visits_stats_insert AFTER INSERT ON child_visits REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('visited_at');
--> statement-breakpoint
CREATE TRIGGER child_visits_stats_update AFTER UPDATE ON child_visits REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('visited_at');
--> statement-breakpoint
CREATE TRIGGER child_visits_stats_delete AFTER DELETE ON child_visits REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('visited_at');
--> statement-breakpoint
CREATE TRIGGER warnings_stats_insert AFTER INSERT ON warnings REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER warnings_stats_update AFTER UPDATE ON warnings REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER warnings_stats_delete AFTER DELETE ON warnings REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER warnings_stats_escalated_insert AFTER INSERT ON warnings REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('escalated_at');
--> statement-breakpoint
CREATE TRIGGER warnings_stats_escalated_update AFTER UPDATE ON warnings REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('escalated_at');
--> statement-breakpoint
CREATE TRIGGER warnings_stats_escalated_delete AFTER DELETE ON warnings REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('escalated_at');
