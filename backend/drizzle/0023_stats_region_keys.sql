CREATE TABLE "stats_region_keys" (
	"code" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stats_rollup_state" ADD COLUMN "keys_layout" text;--> statement-breakpoint
CREATE INDEX "stats_region_keys_key_idx" ON "stats_region_keys" USING btree ("key","code");--> statement-breakpoint
-- The percentiles' bucket reads, index-only: each index also carries what the read computes
-- the value from and places the row by (a year's busiest bucket held 62,000 cases at 1,000,000
-- reports; fetching them from the heap was most of a summary's time).
DROP INDEX "calls_wait_bucket_idx";
--> statement-breakpoint
CREATE INDEX "calls_wait_bucket_idx" ON "calls" (stats_bucket(extract(epoch from (coalesce(answered_at, ended_at) - queued_at))::double precision), queued_at) INCLUDE (answered_at, ended_at, report_id, case_id) WHERE coalesce(answered_at, ended_at) IS NOT NULL AND queued_at IS NOT NULL;
--> statement-breakpoint
DROP INDEX "cases_claim_bucket_idx";
--> statement-breakpoint
CREATE INDEX "cases_claim_bucket_idx" ON "cases" (stats_bucket(extract(epoch from (first_taken_up_at - created_at))::double precision), created_at) INCLUDE (first_taken_up_at, region_code) WHERE first_taken_up_at IS NOT NULL;
--> statement-breakpoint
DROP INDEX "cases_resolution_bucket_idx";
--> statement-breakpoint
CREATE INDEX "cases_resolution_bucket_idx" ON "cases" (stats_bucket(extract(epoch from (first_resolved_at - created_at))::double precision), first_resolved_at) INCLUDE (created_at, region_code) WHERE first_resolved_at IS NOT NULL;
