CREATE TABLE "child_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"child_id" uuid NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "child_guardians" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"child_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"relation" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"phone_hash" text,
	"lives_with_child" boolean NOT NULL,
	"work_place" text
);
--> statement-breakpoint
CREATE TABLE "child_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"child_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"seen" text[] NOT NULL,
	"checklist" jsonb NOT NULL,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text,
	"request_hash" text
);
--> statement-breakpoint
CREATE TABLE "children" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identity_hash" text NOT NULL,
	"name_hash" text NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"date_of_birth" text,
	"age_at_registration" integer,
	"region_code" text NOT NULL,
	"region_path" text[] NOT NULL,
	"categories" text[] NOT NULL,
	"school" text,
	"health" text,
	"notes" text,
	"risk_level" text NOT NULL,
	"rule_risk_level" text NOT NULL,
	"risk_reasons" jsonb NOT NULL,
	"raised_risk_level" text,
	"raised_risk_reason" text,
	"raised_by" uuid,
	"raised_at" timestamp with time zone,
	"last_visit_at" timestamp with time zone,
	"next_visit_due" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"close_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "child_changes" ADD CONSTRAINT "child_changes_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_changes" ADD CONSTRAINT "child_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_guardians" ADD CONSTRAINT "child_guardians_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_visits" ADD CONSTRAINT "child_visits_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_visits" ADD CONSTRAINT "child_visits_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "children" ADD CONSTRAINT "children_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "children" ADD CONSTRAINT "children_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "children" ADD CONSTRAINT "children_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "child_changes_child_idx" ON "child_changes" USING btree ("child_id","id");--> statement-breakpoint
CREATE INDEX "child_guardians_child_idx" ON "child_guardians" USING btree ("child_id","position");--> statement-breakpoint
CREATE INDEX "child_guardians_phone_idx" ON "child_guardians" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "child_visits_child_idx" ON "child_visits" USING btree ("child_id","visited_at");--> statement-breakpoint
CREATE UNIQUE INDEX "child_visits_idempotency_idx" ON "child_visits" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "children_identity_idx" ON "children" USING btree ("identity_hash");--> statement-breakpoint
CREATE INDEX "children_name_hash_idx" ON "children" USING btree ("name_hash");--> statement-breakpoint
CREATE INDEX "children_region_path_idx" ON "children" USING gin ("region_path");--> statement-breakpoint
CREATE INDEX "children_next_visit_idx" ON "children" USING btree ("status","next_visit_due");