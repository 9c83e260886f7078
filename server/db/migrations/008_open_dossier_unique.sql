-- One open dossier per company and product. The service checks first (for its message), but two concurrent creates
-- both pass that check: this index makes the second one fail (mapped to 409 DOSSIER_ALREADY_OPEN). The statuses
-- are common/dossiers.ts `closingStatuses`, which no transition leaves.
CREATE UNIQUE INDEX dossiers_open_product_key ON dossiers (company_id, product_code)
  WHERE status NOT IN ('closed', 'not_eligible', 'refused', 'cancelled');
