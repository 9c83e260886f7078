-- The dossier lists filtered on their opening dates (`openedFrom` / `openedTo`, where the dashboard's figures lead):
-- without it, an old period walks the list's id order through every newer dossier.
CREATE INDEX dossiers_created_idx ON dossiers (created_at);
