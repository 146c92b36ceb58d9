ALTER TABLE "reports" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "submitted_by" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_org_id_reporter_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."reporter_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_org_idx" ON "reports" USING btree ("org_id","received_at");