CREATE TABLE "reporter_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"provider_sid" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporter_notifications_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "reporter_notifications_provider_sid_unique" UNIQUE("provider_sid")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "referral_id" uuid;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "lookup_code_sealed" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "resolution_sms_consent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reporter_notifications" ADD CONSTRAINT "reporter_notifications_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporter_notifications" ADD CONSTRAINT "reporter_notifications_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reporter_notifications_case_idx" ON "reporter_notifications" USING btree ("case_id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_referral_idx" ON "attachments" USING btree ("referral_id");