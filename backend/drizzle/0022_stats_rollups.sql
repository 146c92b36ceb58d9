CREATE TABLE "stats_dirty" (
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_rollup" (
	"grain" text NOT NULL,
	"start" date NOT NULL,
	"region_key" text NOT NULL,
	"counts" integer[] NOT NULL,
	CONSTRAINT "stats_rollup_grain_start_region_key_pk" PRIMARY KEY("grain","start","region_key")
);
--> statement-breakpoint
CREATE TABLE "stats_rollup_referrals" (
	"grain" text NOT NULL,
	"start" date NOT NULL,
	"region_key" text NOT NULL,
	"centre_id" uuid NOT NULL,
	"counts" integer[] NOT NULL,
	CONSTRAINT "stats_rollup_referrals_grain_start_region_key_centre_id_pk" PRIMARY KEY("grain","start","region_key","centre_id")
);
--> statement-breakpoint
CREATE TABLE "stats_rollup_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"rolled_to" date,
	"layout" text
);
--> statement-breakpoint
CREATE INDEX "calls_case_idx" ON "calls" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "sms_conversations_report_idx" ON "sms_conversations" USING btree ("report_id");--> statement-breakpoint
-- The Beijing (fixed UTC+8) calendar day of an instant, as the statistics count days.
CREATE FUNCTION stats_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ((at AT TIME ZONE 'UTC') + interval '8 hours')::date $$;
--> statement-breakpoint
-- The histogram bucket of a duration in seconds (0: under 1 s; then 1/6 of an e-fold, about
-- 18 % wide; 95: 87 days and more). WARNING: the rollups and the expression indexes below are
-- computed with it; a change is a rebuild (new layout in rollup-layout.ts).
CREATE FUNCTION stats_bucket(seconds double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN seconds < 1 THEN 0 ELSE least(95, 1 + floor(ln(seconds) * 6)::integer) END $$;
--> statement-breakpoint
-- The percentiles are read exactly from the one or two buckets that hold their ranks.
CREATE INDEX "calls_wait_bucket_idx" ON "calls" (stats_bucket(extract(epoch from (coalesce(answered_at, ended_at) - queued_at))::double precision), queued_at) WHERE coalesce(answered_at, ended_at) IS NOT NULL AND queued_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "cases_claim_bucket_idx" ON "cases" (stats_bucket(extract(epoch from (first_taken_up_at - created_at))::double precision), created_at) WHERE first_taken_up_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "cases_resolution_bucket_idx" ON "cases" (stats_bucket(extract(epoch from (first_resolved_at - created_at))::double precision), first_resolved_at) WHERE first_resolved_at IS NOT NULL;
--> statement-breakpoint
-- Dirty days: every change to a fact a figure counts marks the Beijing days whose figures it
-- may change, in the same transaction (statement triggers over the transition tables).
CREATE FUNCTION stats_mark_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stats_dirty (day) SELECT DISTINCT stats_day(n.received_at) FROM stats_new n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stats_dirty (day) SELECT DISTINCT stats_day(o.received_at) FROM stats_old o;
  ELSE
    INSERT INTO stats_dirty (day)
    SELECT DISTINCT d FROM (
      SELECT stats_day(o.received_at) AS d, o.id FROM stats_old o JOIN stats_new n USING (id)
       WHERE (o.received_at, o.region_code, o.case_id, o.channel, o.categories)
             IS DISTINCT FROM (n.received_at, n.region_code, n.case_id, n.channel, n.categories)
      UNION ALL
      SELECT stats_day(n.received_at), n.id FROM stats_old o JOIN stats_new n USING (id)
       WHERE (o.received_at, o.region_code, o.case_id, o.channel, o.categories)
             IS DISTINCT FROM (n.received_at, n.region_code, n.case_id, n.channel, n.categories)
      -- A call or SMS conversation is placed where its report is.
      UNION ALL
      SELECT stats_day(k.queued_at), o.id FROM stats_old o JOIN stats_new n USING (id)
        JOIN calls k ON k.report_id = n.id
       WHERE o.region_code IS DISTINCT FROM n.region_code AND k.queued_at IS NOT NULL
      UNION ALL
      SELECT stats_day(s.created_at), o.id FROM stats_old o JOIN stats_new n USING (id)
        JOIN sms_conversations s ON s.report_id = n.id
       WHERE o.region_code IS DISTINCT FROM n.region_code
    ) x WHERE d IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reports_stats_insert AFTER INSERT ON reports REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_reports();
--> statement-breakpoint
CREATE TRIGGER reports_stats_update AFTER UPDATE ON reports REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_reports();
--> statement-breakpoint
CREATE TRIGGER reports_stats_delete AFTER DELETE ON reports REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_reports();
--> statement-breakpoint
CREATE FUNCTION stats_mark_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stats_dirty (day)
    SELECT DISTINCT d FROM (SELECT stats_day(n.created_at) AS d FROM stats_new n
      UNION ALL SELECT stats_day(n.first_resolved_at) FROM stats_new n) x WHERE d IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stats_dirty (day)
    SELECT DISTINCT d FROM (SELECT stats_day(o.created_at) AS d FROM stats_old o
      UNION ALL SELECT stats_day(o.first_resolved_at) FROM stats_old o) x WHERE d IS NOT NULL;
  ELSE
    -- Only the columns a figure reads; a case changes often (status, version) without them.
    WITH changed AS (
      SELECT o.id, o.created_at AS old_created, n.created_at AS new_created,
             o.first_resolved_at AS old_resolved, n.first_resolved_at AS new_resolved
        FROM stats_old o JOIN stats_new n USING (id)
       WHERE (o.created_at, o.priority, o.first_taken_up_at, o.first_resolved_at, o.region_code)
             IS DISTINCT FROM (n.created_at, n.priority, n.first_taken_up_at, n.first_resolved_at, n.region_code))
    INSERT INTO stats_dirty (day)
    SELECT DISTINCT d FROM (
      SELECT stats_day(old_created) AS d FROM changed
      UNION ALL SELECT stats_day(new_created) FROM changed
      UNION ALL SELECT stats_day(old_resolved) FROM changed
      UNION ALL SELECT stats_day(new_resolved) FROM changed
      -- Its reports' contacts (priority, responded), its calls, referrals and re-openings
      -- (placed by the case's region).
      UNION ALL SELECT stats_day(r.received_at) FROM changed JOIN reports r ON r.case_id = changed.id
      UNION ALL SELECT stats_day(k.queued_at) FROM changed JOIN calls k ON k.case_id = changed.id
      UNION ALL SELECT stats_day(f.created_at) FROM changed JOIN referrals f ON f.case_id = changed.id
      UNION ALL SELECT stats_day(e.created_at) FROM changed JOIN case_events e ON e.case_id = changed.id
        WHERE e.type = 'status_changed'
    ) x WHERE d IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cases_stats_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_cases();
--> statement-breakpoint
CREATE TRIGGER cases_stats_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_cases();
--> statement-breakpoint
CREATE TRIGGER cases_stats_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_cases();
--> statement-breakpoint
-- Calls, SMS conversations, referrals, re-openings: the day of their own moment.
CREATE FUNCTION stats_mark_moment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := TG_ARGV[0];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE format('INSERT INTO stats_dirty (day) SELECT DISTINCT stats_day(%I) FROM stats_new WHERE %I IS NOT NULL', col, col);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE format('INSERT INTO stats_dirty (day) SELECT DISTINCT stats_day(%I) FROM stats_old WHERE %I IS NOT NULL', col, col);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER calls_stats_insert AFTER INSERT ON calls REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('queued_at');
--> statement-breakpoint
CREATE TRIGGER calls_stats_update AFTER UPDATE ON calls REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('queued_at');
--> statement-breakpoint
CREATE TRIGGER calls_stats_delete AFTER DELETE ON calls REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('queued_at');
--> statement-breakpoint
CREATE TRIGGER sms_conversations_stats_insert AFTER INSERT ON sms_conversations REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER sms_conversations_stats_update AFTER UPDATE ON sms_conversations REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER sms_conversations_stats_delete AFTER DELETE ON sms_conversations REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER referrals_stats_insert AFTER INSERT ON referrals REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER referrals_stats_update AFTER UPDATE ON referrals REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER referrals_stats_delete AFTER DELETE ON referrals REFERENCING OLD TABLE AS stats_old
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER case_events_stats_insert AFTER INSERT ON case_events REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
CREATE TRIGGER case_events_stats_update AFTER UPDATE ON case_events REFERENCING OLD TABLE AS stats_old NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_moment('created_at');
--> statement-breakpoint
-- An SMS message decides its conversation's first reply.
CREATE FUNCTION stats_mark_sms_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_dirty (day)
  SELECT DISTINCT stats_day(s.created_at) FROM sms_conversations s
   WHERE s.id IN (SELECT conversation_id FROM stats_new);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sms_messages_stats_insert AFTER INSERT ON sms_messages REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_sms_messages();
--> statement-breakpoint
CREATE TRIGGER sms_messages_stats_update AFTER UPDATE ON sms_messages REFERENCING NEW TABLE AS stats_new
  FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_sms_messages();
