ALTER TABLE "calls" ADD COLUMN "direction" text DEFAULT 'inbound' NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "child_id" uuid;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "placed_by" uuid;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "checkin_target" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "checkin_guardian_index" integer;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "leg_sid" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "leg_status" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "checkin_outcome" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "talk_seconds" integer;--> statement-breakpoint
ALTER TABLE "child_visits" ADD COLUMN "call_id" uuid;--> statement-breakpoint
ALTER TABLE "child_visits" ADD COLUMN "call_outcome" text;--> statement-breakpoint
ALTER TABLE "child_visits" ADD COLUMN "call_talk_seconds" integer;--> statement-breakpoint
ALTER TABLE "child_visits" ADD COLUMN "form_filled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_visits" ADD CONSTRAINT "child_visits_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calls_outbound_idx" ON "calls" USING btree ("direction","created_at");--> statement-breakpoint
CREATE INDEX "calls_child_idx" ON "calls" USING btree ("child_id");--> statement-breakpoint
ALTER TABLE "child_visits" ADD CONSTRAINT "child_visits_call_id_unique" UNIQUE("call_id");