ALTER TABLE "referrals" ADD COLUMN "ended_view" jsonb;--> statement-breakpoint
-- custom: freeze the centre's view of referrals that had already ended without it (best effort: the reports received before the end, the case as it is now)
UPDATE "referrals" AS r SET "ended_view" = jsonb_build_object(
  'at', to_jsonb(r."updated_at"),
  'seq', coalesce((SELECT max(e."id") FROM "case_events" e WHERE e."case_id" = r."case_id" AND e."type" = 'referral_updated' AND e."data"->>'referralId' = r."id"::text), 0),
  'status', c."status",
  'categories', to_jsonb(c."categories"),
  'immediateDanger', c."immediate_danger",
  'channel', c."channel",
  'regionCode', c."region_code",
  'reportIds', coalesce((SELECT jsonb_agg(p."id" ORDER BY p."received_at") FROM "reports" p WHERE p."case_id" = r."case_id" AND p."received_at" <= r."updated_at"), '[]'::jsonb)
)
FROM "cases" AS c
WHERE c."id" = r."case_id" AND r."status" IN ('declined', 'cancelled', 'revoked') AND r."ended_view" IS NULL;
