import type { NotificationPreferences, NotificationPreferencesInput } from '../../../common/notifications.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { UsersService } from '../users/users.service.ts';
import { toPreferences } from './notifications.presenter.ts';
import { preferencesRepo } from './preferences.repo.ts';
import { mergeChannels, refusedChanges, settingsOf } from './preferences.ts';
import { isValidTimeZone } from './quiet-hours.ts';

export type PreferencesDeps = Pick<Platform, 'db' | 'clock'> & { users: UsersService };

/** Each user's own choices: channels per type, quiet hours, digest, and the language and time zone they use. */
export class PreferencesService extends Service<PreferencesDeps> {
  async get(user: AuthUser): Promise<NotificationPreferences> {
    const [contact] = await this.deps.users.contacts([user.id]);
    if (!contact) throw notFound('Utilisateur');
    const row = await preferencesRepo.find(this.deps.db, user.id);
    return toPreferences(user.role, settingsOf(row), contact);
  }

  /** The cells and fields sent replace the user's; the rest stays. Answers the whole preferences. */
  async update(user: AuthUser, input: NotificationPreferencesInput): Promise<NotificationPreferences> {
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
      throw new AppError(400, 'INVALID_TIME_ZONE', `Fuseau horaire inconnu : ${input.timeZone}`);
    }
    const { foreign, locked } = refusedChanges(user.role, input.channels ?? {});
    if (foreign.length) {
      throw new AppError(400, 'VALIDATION_ERROR', 'Ces notifications ne concernent pas votre compte', {
        types: foreign,
      });
    }
    if (locked.length) {
      throw new AppError(
        400,
        'NOTIFICATION_TYPE_LOCKED',
        'Les alertes de sécurité ne peuvent pas être désactivées',
        { types: locked },
      );
    }
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const current = await preferencesRepo.lockOrCreate(trx, user.id, at);
      const quiet =
        input.quietHours === undefined
          ? { quietStart: current.quietStart, quietEnd: current.quietEnd }
          : { quietStart: input.quietHours?.start ?? null, quietEnd: input.quietHours?.end ?? null };
      await preferencesRepo.save(trx, user.id, {
        channels: mergeChannels(current.channels, input.channels ?? {}),
        ...quiet,
        digest: input.digest ?? current.digest,
        updatedAt: at,
      });
      await this.deps.users.setLanguage(trx, user.id, { locale: input.locale, timeZone: input.timeZone });
    });
    return this.get(user);
  }
}
