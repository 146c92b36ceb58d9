ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
-- custom: audit log hash chain (canonical row hash, the chaining trigger, backfill of older rows).
-- Each row carries the hash of the row before it (`prev_hash`; 64 zeros for the first) and its own
-- `hash` = sha256 over prev_hash and its content, so a row deleted, altered or slipped in by
-- someone who can lift the append-only trigger (the table owner) breaks the chain where it
-- happened; `npm run verify-audit` walks it (features/audit/audit-chain.ts recomputes the same
-- text, keep the two in step).
-- One field of the canonical text: its length in UTF-8 bytes, a colon and the text, or '-' for
-- null, so no two different rows can run together into the same text.
CREATE OR REPLACE FUNCTION audit_log_chain_field(v text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(convert_to(v, 'UTF8'))::text || ':' || v END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_chain_hash(prev_hash text, r audit_log) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(
    audit_log_chain_field(prev_hash)
    || audit_log_chain_field(r.id::text)
    || audit_log_chain_field(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || audit_log_chain_field(r.actor_id::text)
    || audit_log_chain_field(r.action)
    || audit_log_chain_field(r.entity_type)
    || audit_log_chain_field(r.entity_id)
    || audit_log_chain_field(r.case_id::text)
    || audit_log_chain_field(r.data::text),
    'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_hash text;
BEGIN
  -- The row before is read after the lock, with a fresh snapshot: only READ COMMITTED gives
  -- one; an older snapshot could miss the row just committed and fork the chain.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'audit_log rows are written in READ COMMITTED transactions only'
      USING ERRCODE = 'invalid_transaction_state';
  END IF;
  -- One chained insert at a time until its transaction ends, on every node: the next insert
  -- must see this row committed, or two rows would name the same predecessor (a fork).
  PERFORM pg_advisory_xact_lock(727102);
  -- Numbered under the lock, so id order is chain order (the default was drawn before it).
  NEW.id := nextval('audit_log_id_seq');
  SELECT hash INTO last_hash FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := audit_log_chain_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- The rows written before the chain existed are chained now, in id order: the owner lifts the
-- append-only trigger for this block only, inside the migration's transaction.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
  r audit_log;
  prev text := repeat('0', 64);
  next_hash text;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    next_hash := audit_log_chain_hash(prev, r);
    UPDATE audit_log SET prev_hash = prev, hash = next_hash WHERE id = r.id;
    prev := next_hash;
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain
  BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
-- The trigger numbers every row under its lock; a default drawn before it would only leave a
-- gap after every row, and gaps are what a reader of the log looks for.
ALTER TABLE audit_log ALTER COLUMN id DROP DEFAULT;
