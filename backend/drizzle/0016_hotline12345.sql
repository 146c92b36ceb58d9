CREATE TABLE "hotline12345_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"order_id" uuid NOT NULL,
	"step" text NOT NULL,
	"source_key" text NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"response_code" integer,
	"error" text,
	"last_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline12345_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"request_hash" text NOT NULL,
	"report_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"order_time" timestamp with time zone NOT NULL,
	"time_limit" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"returned_reason" text,
	"urges" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rating" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hotline12345_messages" ADD CONSTRAINT "hotline12345_messages_order_id_hotline12345_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."hotline12345_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline12345_orders" ADD CONSTRAINT "hotline12345_orders_org_id_reporter_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."reporter_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline12345_orders" ADD CONSTRAINT "hotline12345_orders_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hotline12345_messages_once_idx" ON "hotline12345_messages" USING btree ("order_id","source_key");--> statement-breakpoint
CREATE INDEX "hotline12345_messages_order_idx" ON "hotline12345_messages" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline12345_orders_number_idx" ON "hotline12345_orders" USING btree ("org_id","order_number");--> statement-breakpoint
CREATE INDEX "hotline12345_orders_report_idx" ON "hotline12345_orders" USING btree ("report_id");--> statement-breakpoint
-- custom:
-- A 12345 order follows its case: when its report is put in a case (triage, a merge or split)
-- and when that case's status changes, a `hotline12345.follow` job is queued in the same
-- transaction (an outbox row the relay publishes), whichever command wrote it. The job works
-- out the steps owed to 12345; it is idempotent.
CREATE FUNCTION hotline12345_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source text := CASE WHEN TG_TABLE_NAME = 'reports' THEN 'report' ELSE 'event' END;
  job_id text := 'h12345-' || source || '-' || NEW.id::text;
BEGIN
  IF TG_TABLE_NAME = 'reports' THEN
    job_id := job_id || '-' || NEW.case_id::text;
  ELSIF NOT EXISTS (
    SELECT 1 FROM hotline12345_orders o JOIN reports r ON r.id = o.report_id
    WHERE r.case_id = NEW.case_id
  ) THEN
    RETURN NULL;
  END IF;
  INSERT INTO outbox (topic, payload) VALUES ('job', jsonb_build_object(
    'queue', 'webhooks',
    'name', 'hotline12345.follow',
    'data', jsonb_build_object('source', source, 'id', NEW.id::text),
    'jobId', job_id));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reports_hotline12345_follow
  AFTER UPDATE OF case_id ON reports
  FOR EACH ROW
  WHEN (NEW.channel = '12345' AND NEW.case_id IS NOT NULL AND NEW.case_id IS DISTINCT FROM OLD.case_id)
  EXECUTE FUNCTION hotline12345_follow();
--> statement-breakpoint
CREATE TRIGGER case_events_hotline12345_follow
  AFTER INSERT ON case_events
  FOR EACH ROW
  WHEN (NEW.type = 'status_changed')
  EXECUTE FUNCTION hotline12345_follow();
