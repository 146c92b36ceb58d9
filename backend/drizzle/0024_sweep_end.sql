ALTER TABLE "sweep_tasks" ADD COLUMN "dropped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sweeps" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "sweeps" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sweeps" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "sweeps" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Tasks of files closed before this migration while their visit was still to do stop counting.
UPDATE "sweep_tasks" SET "dropped_at" = "children"."closed_at"
FROM "children"
WHERE "children"."id" = "sweep_tasks"."child_id"
  AND "children"."status" = 'closed'
  AND "sweep_tasks"."done_at" IS NULL;
