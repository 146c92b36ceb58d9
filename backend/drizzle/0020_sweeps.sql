CREATE TABLE "sweep_tasks" (
	"sweep_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text[] NOT NULL,
	"done_at" timestamp with time zone,
	"visit_id" uuid,
	CONSTRAINT "sweep_tasks_sweep_id_child_id_pk" PRIMARY KEY("sweep_id","child_id")
);
--> statement-breakpoint
CREATE TABLE "sweeps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text[] NOT NULL,
	"categories" text[] NOT NULL,
	"due_by" timestamp with time zone,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text,
	"request_hash" text
);
--> statement-breakpoint
ALTER TABLE "sweep_tasks" ADD CONSTRAINT "sweep_tasks_sweep_id_sweeps_id_fk" FOREIGN KEY ("sweep_id") REFERENCES "public"."sweeps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweep_tasks" ADD CONSTRAINT "sweep_tasks_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweep_tasks" ADD CONSTRAINT "sweep_tasks_visit_id_child_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."child_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sweep_tasks_sweep_region_idx" ON "sweep_tasks" USING btree ("sweep_id","region_code","done_at");--> statement-breakpoint
CREATE INDEX "sweep_tasks_open_child_idx" ON "sweep_tasks" USING btree ("child_id") WHERE "sweep_tasks"."done_at" is null;--> statement-breakpoint
CREATE INDEX "sweeps_region_path_idx" ON "sweeps" USING gin ("region_path");--> statement-breakpoint
CREATE INDEX "sweeps_created_idx" ON "sweeps" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sweeps_idempotency_idx" ON "sweeps" USING btree ("created_by","idempotency_key");