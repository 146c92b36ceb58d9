ALTER TABLE "cases" ADD COLUMN "first_taken_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "first_resolved_at" timestamp with time zone;--> statement-breakpoint
-- The statistics' "taken up" and "resolved" moments, kept from the case's own timeline: the
-- first event that took the case up (claimed, reassigned, or a move out of `new`), and the
-- first move to `resolved`. Existing cases first, in one pass and before the new indexes exist
-- (fewer index updates); then a trigger keeps them as events are written.
UPDATE "cases" c SET "first_taken_up_at" = t.taken, "first_resolved_at" = t.resolved
  FROM (SELECT e.case_id,
               min(e.created_at) FILTER (WHERE e.type IN ('claimed', 'reassigned')
                 OR (e.type = 'status_changed' AND e.data->>'from' = 'new')) AS taken,
               min(e.created_at) FILTER (WHERE e.type = 'status_changed'
                 AND e.data->>'to' = 'resolved') AS resolved
          FROM case_events e
         WHERE e.type IN ('claimed', 'reassigned', 'status_changed')
         GROUP BY e.case_id) t
 WHERE t.case_id = c.id AND (t.taken IS NOT NULL OR t.resolved IS NOT NULL);
--> statement-breakpoint
CREATE INDEX "calls_queued_idx" ON "calls" USING btree ("queued_at");--> statement-breakpoint
CREATE INDEX "calls_report_idx" ON "calls" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "case_events_reopened_idx" ON "case_events" USING btree ("created_at") WHERE type = 'status_changed' and data->>'from' in ('resolved', 'closed', 'closed_no_action') and data->>'to' in ('new', 'triaging', 'dispatched', 'in_progress');--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cases_region_created_idx" ON "cases" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "cases_first_resolved_idx" ON "cases" USING btree ("first_resolved_at");--> statement-breakpoint
CREATE INDEX "child_visits_visited_idx" ON "child_visits" USING btree ("visited_at");--> statement-breakpoint
CREATE INDEX "referrals_created_idx" ON "referrals" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "reports_received_idx" ON "reports" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "reports_region_received_idx" ON "reports" USING btree ("region_code","received_at");--> statement-breakpoint
CREATE INDEX "sms_conversations_created_idx" ON "sms_conversations" USING btree ("created_at");--> statement-breakpoint
CREATE FUNCTION cases_stats_moments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.type IN ('claimed', 'reassigned')
     OR (NEW.type = 'status_changed' AND NEW.data->>'from' = 'new') THEN
    UPDATE cases SET first_taken_up_at = NEW.created_at
     WHERE id = NEW.case_id
       AND (first_taken_up_at IS NULL OR first_taken_up_at > NEW.created_at);
  END IF;
  IF NEW.type = 'status_changed' AND NEW.data->>'to' = 'resolved' THEN
    UPDATE cases SET first_resolved_at = NEW.created_at
     WHERE id = NEW.case_id
       AND (first_resolved_at IS NULL OR first_resolved_at > NEW.created_at);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_events_stats_moments
  AFTER INSERT ON case_events
  FOR EACH ROW
  WHEN (NEW.type IN ('claimed', 'reassigned', 'status_changed'))
  EXECUTE FUNCTION cases_stats_moments();
