CREATE TABLE "child_report_links" (
	"child_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"warning_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"child_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reasons" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text[] NOT NULL,
	"visit_id" uuid,
	"report_id" uuid,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"dismissed_by" uuid,
	"dismissed_at" timestamp with time zone,
	"dismiss_reason" text,
	"escalated_by" uuid,
	"escalated_at" timestamp with time zone,
	"escalated_report_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "child_report_links" ADD CONSTRAINT "child_report_links_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_report_links" ADD CONSTRAINT "child_report_links_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_events" ADD CONSTRAINT "warning_events_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_events" ADD CONSTRAINT "warning_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_visit_id_child_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."child_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_escalated_by_users_id_fk" FOREIGN KEY ("escalated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_escalated_report_id_reports_id_fk" FOREIGN KEY ("escalated_report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "child_report_links_pk" ON "child_report_links" USING btree ("child_id","report_id");--> statement-breakpoint
CREATE INDEX "child_report_links_report_idx" ON "child_report_links" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "warning_events_warning_idx" ON "warning_events" USING btree ("warning_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warnings_dedupe_idx" ON "warnings" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "warnings_status_idx" ON "warnings" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "warnings_child_idx" ON "warnings" USING btree ("child_id","created_at");--> statement-breakpoint
CREATE INDEX "warnings_region_path_idx" ON "warnings" USING gin ("region_path");