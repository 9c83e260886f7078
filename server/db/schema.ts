import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface CompaniesTable {
  id: string;
  name: string;
  siren: string;
  sector: string;
  size: string;
  region: string;
  createdAt: DefaultedTimestamp;
}

export interface UsersTable {
  id: string;
  email: string;
  passwordHash: string;
  role: 'client' | 'expert' | 'admin';
  status: 'active' | 'pending' | 'rejected' | 'suspended';
  statusReason: string | null;
  firstName: string;
  lastName: string;
  companyId: string | null;
  createdAt: DefaultedTimestamp;
  updatedAt: DefaultedTimestamp;
}

export interface ExpertProfilesTable {
  userId: string;
  specialties: string[];
  regions: string[];
  languages: string[];
  bio: string;
  createdAt: DefaultedTimestamp;
  updatedAt: DefaultedTimestamp;
}

export interface RefreshTokensTable {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Timestamp;
  createdAt: Timestamp;
  usedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

export interface ProductsTable {
  code: string;
  name: string;
  description: string;
  questions: Json;
  rules: Json;
  documentCategories: string[];
  active: boolean;
  sortOrder: number;
}

export interface SimulationsTable {
  id: string;
  userId: string | null;
  answers: Json;
  results: Json;
  totalEstimatedCents: number;
  createdAt: Timestamp;
}

export interface DossiersTable {
  id: string;
  reference: Generated<string>;
  companyId: string;
  productCode: string;
  status: string;
  expertId: string | null;
  estimatedCents: number | null;
  auditedCents: number | null;
  grantedCents: number | null;
  obtainedCents: number | null;
  administrationReference: string | null;
  simulationId: string | null;
  createdBy: string | null;
  statusChangedAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface DossierEventsTable {
  id: string;
  dossierId: string;
  actorId: string | null;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  createdAt: Timestamp;
}

export interface AuditLogTable {
  id: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Json | null;
  after: Json | null;
  createdAt: Timestamp;
}

export interface Database {
  companies: CompaniesTable;
  users: UsersTable;
  expertProfiles: ExpertProfilesTable;
  refreshTokens: RefreshTokensTable;
  products: ProductsTable;
  simulations: SimulationsTable;
  dossiers: DossiersTable;
  dossierEvents: DossierEventsTable;
  auditLog: AuditLogTable;
}
