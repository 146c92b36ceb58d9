ALTER TABLE "referrals" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "request_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_idempotency_idx" ON "referrals" USING btree ("created_by","idempotency_key");