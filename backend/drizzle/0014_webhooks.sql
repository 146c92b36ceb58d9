CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event" text NOT NULL,
	"source_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"response_code" integer,
	"error" text,
	"last_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"events" jsonb NOT NULL,
	"org_id" uuid,
	"centre_id" uuid,
	"description" text,
	"secret_sealed" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"disabled_reason" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"failing_since" timestamp with time zone,
	CONSTRAINT "webhook_endpoints_one_owner" CHECK ("webhook_endpoints"."org_id" is null or "webhook_endpoints"."centre_id" is null)
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_org_id_reporter_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."reporter_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_once_idx" ON "webhook_deliveries" USING btree ("endpoint_id","event","source_key");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_org_idx" ON "webhook_endpoints" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_centre_idx" ON "webhook_endpoints" USING btree ("centre_id");--> statement-breakpoint
-- custom:
-- Every new report, and every case event partners hear about, becomes a webhook fan-out job in
-- the transaction that wrote it (an outbox row the relay publishes), whichever path wrote it.
-- Nothing is written while no endpoint is active, so the intake pays nothing until one is.
CREATE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE WHEN TG_TABLE_NAME = 'reports' THEN 'report' ELSE 'event' END;
BEGIN
  IF EXISTS (SELECT 1 FROM webhook_endpoints WHERE deleted_at IS NULL AND disabled_at IS NULL) THEN
    INSERT INTO outbox (topic, payload) VALUES ('job', jsonb_build_object(
      'queue', 'webhooks',
      'name', 'webhooks.fanOut',
      'data', jsonb_build_object('source', source, 'id', NEW.id::text),
      'jobId', 'whfan-' || source || '-' || NEW.id::text));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reports_webhook_fan_out
  AFTER INSERT ON reports
  FOR EACH ROW EXECUTE FUNCTION webhook_fan_out();
--> statement-breakpoint
CREATE TRIGGER case_events_webhook_fan_out
  AFTER INSERT ON case_events
  FOR EACH ROW
  WHEN (NEW.type IN ('status_changed', 'claimed', 'released', 'referral_created', 'referral_updated'))
  EXECUTE FUNCTION webhook_fan_out();
