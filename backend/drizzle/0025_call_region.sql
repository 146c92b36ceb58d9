ALTER TABLE "calls" ADD COLUMN "region_code" text;
--> statement-breakpoint
-- A call's place (its report's region, else its case's) kept on the call, so that the
-- statistics read a call's region from the call (and the wait-bucket index) instead of joining
-- its report and case: set when the call gets its report or case, and again when their region
-- changes. The live figures still place a call by the join: the equivalence test compares them.
CREATE FUNCTION calls_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.region_code := coalesce(
    (SELECT r.region_code FROM reports r WHERE r.id = NEW.report_id),
    (SELECT c.region_code FROM cases c WHERE c.id = NEW.case_id));
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER calls_place_insert BEFORE INSERT ON calls FOR EACH ROW
  WHEN (NEW.report_id IS NOT NULL OR NEW.case_id IS NOT NULL) EXECUTE FUNCTION calls_place();
--> statement-breakpoint
CREATE TRIGGER calls_place_update BEFORE UPDATE OF report_id, case_id ON calls FOR EACH ROW
  WHEN (OLD.report_id IS DISTINCT FROM NEW.report_id OR OLD.case_id IS DISTINCT FROM NEW.case_id)
  EXECUTE FUNCTION calls_place();
--> statement-breakpoint
CREATE FUNCTION calls_follow_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calls k
     SET region_code = coalesce(NEW.region_code, (SELECT c.region_code FROM cases c WHERE c.id = k.case_id))
   WHERE k.report_id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reports_calls_place AFTER UPDATE OF region_code ON reports FOR EACH ROW
  WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code) EXECUTE FUNCTION calls_follow_report();
--> statement-breakpoint
CREATE FUNCTION calls_follow_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calls k
     SET region_code = coalesce((SELECT r.region_code FROM reports r WHERE r.id = k.report_id), NEW.region_code)
   WHERE k.case_id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cases_calls_place AFTER UPDATE OF region_code ON cases FOR EACH ROW
  WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code) EXECUTE FUNCTION calls_follow_case();
--> statement-breakpoint
-- The backfill, before the index that carries the column is built. It changes no figure (the
-- same place the join gave), so the statistics' dirty-day marks are not written for it: a mark
-- per call of the line would have the rollup job recompute every day.
DROP INDEX "calls_wait_bucket_idx";
--> statement-breakpoint
ALTER TABLE "calls" DISABLE TRIGGER "calls_stats_update";
--> statement-breakpoint
UPDATE calls k SET region_code = coalesce(
    (SELECT r.region_code FROM reports r WHERE r.id = k.report_id),
    (SELECT c.region_code FROM cases c WHERE c.id = k.case_id))
  WHERE k.report_id IS NOT NULL OR k.case_id IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "calls" ENABLE TRIGGER "calls_stats_update";
--> statement-breakpoint
-- A wait's bucket read, index-only and filtered by the call's own place.
CREATE INDEX "calls_wait_bucket_idx" ON "calls" (stats_bucket(extract(epoch from (coalesce(answered_at, ended_at) - queued_at))::double precision), queued_at) INCLUDE (answered_at, ended_at, region_code) WHERE coalesce(answered_at, ended_at) IS NOT NULL AND queued_at IS NOT NULL;
