import type { ColumnType, Generated } from 'kysely';
import type { AdminUserTables } from './schema-admin-users.ts';
import type { DashboardTables } from './schema-dashboard.ts';
import type { DocumentTables } from './schema-documents.ts';
import type { NotificationTables } from './schema-notifications.ts';
import type { ReportTables } from './schema-reports.ts';
import type { WorkflowTables } from './schema-workflows.ts';

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
  // 014_notifications.sql
  locale: ColumnType<'fr' | 'en', 'fr' | 'en' | undefined, 'fr' | 'en'>;
  timeZone: ColumnType<string, string | undefined, string>;
  emailVerifiedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ExpertProfilesTable {
  userId: string;
  specialties: string[];
  regions: string[];
  languages: string[];
  bio: string;
  createdAt: DefaultedTimestamp;
  updatedAt: DefaultedTimestamp;
  // Marketplace (002_marketplace.sql)
  headline: Defaulted<string>;
  city: Defaulted<string>;
  department: Defaulted<string | null>;
  avatarUrl: Defaulted<string | null>;
  certifications: Defaulted<string[]>;
  yearsByProduct: ColumnType<Record<string, number>, string | undefined, string>;
  feeModel: Defaulted<'commission' | 'day_rate'>;
  /** numeric: read as a string */
  commissionPercent: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  dayRateCents: Defaulted<number | null>;
  capacity: Defaulted<number>;
  verified: Defaulted<boolean>;
  verifiedAt: Defaulted<Date | null>;
  medianResponseMinutes: Defaulted<number | null>;
  yearsExperience: Defaulted<number>;
  /** Copies kept by triggers: never written by the application. */
  listed: ColumnType<boolean, never, never>;
  displayName: ColumnType<string, never, never>;
  reviewCount: ColumnType<number, never, never>;
  ratingAvg: ColumnType<string | null, never, never>;
  ratingScore: ColumnType<string, never, never>;
  activeLoad: ColumnType<number, never, never>;
  searchDocument: ColumnType<string, never, never>;
  searchText: ColumnType<string, never, never>;
  feeSort: ColumnType<string, never, never>;
  responseSort: ColumnType<number, never, never>;
}

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface ReviewsTable {
  id: string;
  dossierId: string;
  expertId: string;
  companyId: string;
  authorId: string;
  rating: number;
  communication: number;
  expertise: number;
  speed: number;
  text: string;
  reply: string | null;
  repliedAt: Timestamp | null;
  hidden: Defaulted<boolean>;
  hiddenReason: string | null;
  hiddenAt: Timestamp | null;
  hiddenBy: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Exact aggregates, maintained by triggers on reviews and dossiers. */
export interface ExpertStatsTable {
  expertId: string;
  reviewCount: number;
  ratingSum: number;
  stars1: number;
  stars2: number;
  stars3: number;
  stars4: number;
  stars5: number;
  communicationSum: number;
  expertiseSum: number;
  speedSum: number;
  completedDossiers: number;
  refusedDossiers: number;
  recoveredCents: number;
  activeLoad: number;
}

export interface ExpertProductStatsTable {
  expertId: string;
  productCode: string;
  completedDossiers: number;
  refusedDossiers: number;
  recoveredCents: number;
}

export interface ExpertRequestsTable {
  id: string;
  dossierId: string;
  expertId: string;
  companyId: string;
  requestedBy: string;
  status: 'requested' | 'accepted' | 'declined' | 'cancelled';
  message: string | null;
  reason: string | null;
  createdAt: Timestamp;
  respondedAt: Timestamp | null;
}

export interface RefreshTokensTable {
  id: string;
  userId: string;
  familyId: string;
  /** When the session (family) began: it cannot be renewed past REFRESH_TOKEN_MAX_AGE_DAYS from then. */
  familyStartedAt: Timestamp;
  tokenHash: string;
  expiresAt: Timestamp;
  createdAt: Timestamp;
  usedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

/** 015_session_devices.sql: where each session was opened from (new sign-in notices). */
export interface SessionDevicesTable {
  familyId: string;
  userId: string;
  userAgent: string;
  ip: string;
  createdAt: Timestamp;
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

export interface ConversationsTable {
  id: string;
  kind: 'dossier' | 'direct';
  dossierId: string | null;
  directKey: string | null;
  createdBy: string | null;
  lastSeq: ColumnType<number, number | undefined, number>;
  lastMessageAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface ConversationParticipantsTable {
  conversationId: string;
  userId: string;
  role: 'client' | 'expert' | 'admin';
  joinedAt: Timestamp;
  lastReadSeq: ColumnType<number, number | undefined, number>;
  lastReadAt: Timestamp | null;
  leftAt: Timestamp | null;
}

export interface MessagesTable {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string | null;
  kind: 'text' | 'system';
  body: string;
  bodyTsv: ColumnType<string, never, never>;
  clientKey: string | null;
  hasAttachments: ColumnType<boolean, boolean | undefined, boolean>;
  editedAt: Timestamp | null;
  deletedAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface MessageEditsTable {
  id: string;
  messageId: string;
  editorId: string | null;
  action: 'edit' | 'delete';
  previousBody: string;
  createdAt: Timestamp;
}

export interface AttachmentsTable {
  id: string;
  conversationId: string;
  messageId: string | null;
  uploaderId: string;
  storageKey: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  createdAt: Timestamp;
}

/** A client's request to join a company already registered (010_company_join_requests.sql). */
export interface CompanyJoinRequestsTable {
  id: string;
  companyId: string;
  userId: string;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface UserPresenceTable {
  userId: string;
  lastSeenAt: Timestamp;
}

export interface Database
  extends NotificationTables,
    DocumentTables,
    WorkflowTables,
    AdminUserTables,
    DashboardTables,
    ReportTables {
  companies: CompaniesTable;
  users: UsersTable;
  expertProfiles: ExpertProfilesTable;
  reviews: ReviewsTable;
  expertStats: ExpertStatsTable;
  expertProductStats: ExpertProductStatsTable;
  expertRequests: ExpertRequestsTable;
  refreshTokens: RefreshTokensTable;
  sessionDevices: SessionDevicesTable;
  products: ProductsTable;
  simulations: SimulationsTable;
  dossiers: DossiersTable;
  dossierEvents: DossierEventsTable;
  auditLog: AuditLogTable;
  conversations: ConversationsTable;
  conversationParticipants: ConversationParticipantsTable;
  messages: MessagesTable;
  messageEdits: MessageEditsTable;
  attachments: AttachmentsTable;
  userPresence: UserPresenceTable;
  companyJoinRequests: CompanyJoinRequestsTable;
}
