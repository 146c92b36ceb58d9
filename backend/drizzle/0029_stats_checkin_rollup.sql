-- One region rule for the statistics: the register's figures place a file by its village code
-- (as the rollup does), not by its stored lineage. Visits overdue stay index-only with the code.
DROP INDEX IF EXISTS "children_overdue_idx";
--> statement-breakpoint
CREATE INDEX "children_overdue_idx" ON "children" ("next_visit_due") INCLUDE ("created_at", "region_code") WHERE status = 'open';
