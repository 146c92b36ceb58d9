-- The summary's visits overdue: the open files whose next visit fell due, read index-only (the
-- scope is the file's region path, the period bound its registration).
CREATE INDEX "children_overdue_idx" ON "children" ("next_visit_due") INCLUDE ("created_at", "region_path") WHERE status = 'open';
