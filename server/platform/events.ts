import { EventEmitter } from 'node:events';
import type { DossierStatus } from '../../common/dossiers.ts';
import type { Role, SessionRevokedReason, UserStatus } from '../../common/users.ts';
import type { AlertSeverity, AlertType, StepAction } from '../../common/workflows.ts';
import { InFlight } from './in-flight.ts';

/** Domain events, published once by the service that owns the change, after its transaction commits. */
type ReviewEvent = { reviewId: string; expertId: string; companyId: string; actorId: string; at: Date };
type ExpertRequestEvent = {
  requestId: string;
  dossierId: string;
  expertId: string;
  companyId: string;
  actorId: string;
  at: Date;
};

/** Who a document event concerns: its dossier's company and expert. */
type DocumentEvent = {
  documentId: string;
  versionId: string;
  dossierId: string;
  companyId: string;
  expertId: string | null;
  category: string;
  actorId: string;
  at: Date;
};
/** Who a workflow event concerns: the dossier's company and expert. */
type WorkflowStepEvent = {
  dossierId: string;
  companyId: string;
  expertId: string | null;
  stepId: string;
  stepKey: string;
  stepName: { fr: string; en: string };
  role: Role;
  at: Date;
};
type AlertEvent = {
  alertId: string;
  type: AlertType;
  severity: AlertSeverity;
  level: number;
  dossierId: string | null;
  /** The expert it is for; null: the admins' queue. */
  assigneeId: string | null;
  audience: 'expert' | 'admin';
  data: Record<string, unknown>;
};
type DocumentRequestEvent = {
  requestId: string;
  dossierId: string;
  companyId: string;
  expertId: string | null;
  category: string;
  dueAt: Date | null;
  actorId: string | null;
  at: Date;
};

export type DomainEvents = {
  /** A dossier opened (by a client, or from a simulation's results); its workflow started in the same transaction. */
  'dossier.created': { dossierId: string; companyId: string; productCode: string; actorId: string; at: Date };
  'dossier.status_changed': {
    dossierId: string;
    companyId: string;
    expertId: string | null;
    previousExpertId: string | null;
    from: DossierStatus;
    to: DossierStatus;
    actorId: string;
    at: Date;
  };
  'dossier.expert_assigned': {
    dossierId: string;
    companyId: string;
    expertId: string;
    previousExpertId: string | null;
    /** Why an admin replaced the previous expert. */
    reason: string | null;
    actorId: string;
    at: Date;
  };
  // Marketplace (experts module): the realtime layer forwards these to the people concerned.
  'expert.profile_updated': { expertId: string; actorId: string; at: Date };
  'review.created': {
    reviewId: string;
    expertId: string;
    dossierId: string;
    companyId: string;
    rating: number;
    actorId: string;
    at: Date;
  };
  'review.replied': ReviewEvent;
  'review.hidden': ReviewEvent;
  'expert_request.created': ExpertRequestEvent;
  'expert_request.accepted': ExpertRequestEvent;
  'expert_request.declined': ExpertRequestEvent & { reason: string };
  /** Any account status change by an admin (approval, rejection, suspension, reactivation). */
  'user.status_changed': {
    userId: string;
    role: Role;
    previous: UserStatus;
    status: UserStatus;
    actorId: string;
    /** The admin's reason (a rejection's or a suspension's), told to the user. */
    reason?: string | null;
    at: Date;
  };
  /**
   * Refresh families (sessions) ended: logout (`sessionIds` = that one), password change (every session of the user
   * but `keepSessionId`), refresh reuse, suspension. `sessionIds: null` means every session of the user. The realtime
   * layer disconnects the sockets opened under those sessions, on every instance.
   */
  'auth.sessions_revoked': {
    userId: string;
    sessionIds: string[] | null;
    keepSessionId: string | null;
    reason: SessionRevokedReason;
    at: Date;
  };
  /** Account events the notifications module tells the user about (security notices), after commit. */
  'user.registered': { userId: string; at: Date };
  'user.password_changed': { userId: string; at: Date };
  'user.email_changed': { userId: string; previousEmail: string; email: string; at: Date };
  /** A sign-in from a browser this account had not used before (user agent and address not seen in its sessions). */
  'auth.new_sign_in': { userId: string; sessionId: string; userAgent: string; ip: string; at: Date };
  /** A participant's read pointer moved forward in a conversation (they read up to its latest messages at `at`). */
  'conversation.read': { conversationId: string; userId: string; at: Date };
  // Documents: notifications, the extraction job, and later workflows and alerts subscribe.
  'document.uploaded': DocumentEvent & { version: number; requestId: string | null };
  'document.approved': DocumentEvent;
  'document.rejected': DocumentEvent & { reason: string };
  /** `actorId` null: removed by the retention job once the legal period was over. */
  'document.deleted': Omit<DocumentEvent, 'versionId' | 'actorId'> & {
    actorId: string | null;
    reason: string | null;
  };
  'document.requested': DocumentRequestEvent & { note: string | null };
  'document.request_fulfilled': DocumentRequestEvent & { documentId: string };
  'document.request_cancelled': DocumentRequestEvent;
  /** Published once per request when its due date passes while it is still open. */
  'document.request_overdue': DocumentRequestEvent;
  // Workflows: the step tracker's sockets, notifications, and the actions run just after the commit (assignment).
  'workflow.step_entered': WorkflowStepEvent & { actions: StepAction[] };
  'workflow.step_completed': WorkflowStepEvent & { actorId: string | null };
  /** A step's SLA clock paused (waiting on the other party) or resumed. */
  'workflow.clock_changed': WorkflowStepEvent & { paused: boolean };
  /** Alerts raised together (one SLA sweep), after their commit. */
  'alerts.raised': { alerts: AlertEvent[]; at: Date };
  /** An alert acknowledged, snoozed, woken up or resolved (by someone, or because its cause went away). */
  'alert.updated': Omit<AlertEvent, 'data'> & { state: string; at: Date };
  /** Subscribers (notifications of people with no live socket) look the participants up themselves. */
  'message.created': {
    conversationId: string;
    messageId: string;
    seq: number;
    senderId: string | null;
    /** Null for a system message. */
    senderRole: Role | null;
    /** The conversation's dossier; null for a direct conversation. */
    dossierId: string | null;
    at: Date;
  };
};

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void | Promise<void>;

/**
 * In-process publish/subscribe between modules. A failing subscriber is logged and never breaks the publisher:
 * the change it reacts to is already committed. Fan-out across instances is the realtime layer's job.
 */
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });
  private readonly onError: (error: unknown, event: string) => void;
  /** Subscribers' work under way, which a shutdown lets finish before the database closes. */
  private readonly running = new InFlight();
  constructor(onError: (error: unknown, event: string) => void = () => {}) {
    this.onError = onError;
    this.emitter.setMaxListeners(50);
  }

  publish<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    this.start(event, payload);
  }

  /**
   * Publishes, and resolves once this event's subscribers are done: the back-pressure of a bulk publisher, whose
   * events would otherwise pile up faster than their subscribers work.
   */
  async deliver<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): Promise<void> {
    await Promise.all(this.start(event, payload));
  }

  private start<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): Promise<void>[] {
    return (this.emitter.listeners(event) as Listener<K>[]).map((listener) => {
      try {
        return this.running.track(
          Promise.resolve(listener(payload)).catch((error) => this.onError(error, event)),
        );
      } catch (error) {
        this.onError(error, event);
        return Promise.resolve();
      }
    });
  }

  /**
   * Resolves once no subscriber runs (those started by other subscribers' events included), or after `timeoutMs`
   * with the number still running.
   */
  settled(timeoutMs: number): Promise<number> {
    return this.running.settled(timeoutMs);
  }

  subscribe<K extends keyof DomainEvents>(event: K, listener: Listener<K>): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
