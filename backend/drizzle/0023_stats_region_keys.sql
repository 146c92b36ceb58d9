CREATE TABLE "stats_region_keys" (
	"code" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stats_rollup_state" ADD COLUMN "keys_layout" text;--> statement-breakpoint
CREATE INDEX "stats_region_keys_key_idx" ON "stats_region_keys" USING btree ("key","code");