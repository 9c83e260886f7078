import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ExpertProfile } from '../../../../common/experts.ts';
import { languages, regionNames, regions } from '../../../../common/reference.ts';
import { useUser } from '../../lib/session.tsx';
import { useProducts } from '../../shared/products.api.ts';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert, LoadingRows, Notice, PageHeader } from '../../ui/Feedback.tsx';
import { CheckboxGroup, SelectField, TextField } from '../../ui/Field.tsx';
import { useExpertProfile, useSaveOwnProfile } from './experts.api.ts';

type Draft = {
  headline: string;
  bio: string;
  city: string;
  department: string;
  specialties: string[];
  regions: string[];
  languages: string[];
  certifications: string;
  yearsExperience: string;
  yearsByProduct: Record<string, string>;
  feeModel: 'commission' | 'day_rate';
  commissionPercent: string;
  dayRateEuros: string;
  capacity: string;
};

function draftOf(p: ExpertProfile): Draft {
  return {
    headline: p.headline,
    bio: p.bio,
    city: p.city,
    department: p.department ?? '',
    specialties: p.specialties,
    regions: p.regions,
    languages: p.languages,
    certifications: p.certifications.join('\n'),
    yearsExperience: String(p.yearsExperience),
    yearsByProduct: Object.fromEntries(Object.entries(p.yearsByProduct).map(([k, v]) => [k, String(v)])),
    feeModel: p.fee.model,
    commissionPercent: p.fee.commissionPercent === null ? '' : String(p.fee.commissionPercent),
    dayRateEuros: p.fee.dayRateCents === null ? '' : String(p.fee.dayRateCents / 100),
    capacity: String(p.capacity),
  };
}

const number = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.replace(',', '.')));

/** The update the API expects, validated by the same schema as the server (loaded with zod on the first save). */
async function toUpdate(d: Draft) {
  const { expertProfileUpdate } = await import('../../../../common/experts.ts');
  return expertProfileUpdate.safeParse({
    headline: d.headline,
    bio: d.bio,
    city: d.city,
    department: d.department.trim() ? d.department.trim().toUpperCase() : null,
    specialties: d.specialties,
    regions: d.regions,
    languages: d.languages,
    certifications: d.certifications
      .split('\n')
      .map((c) => c.trim())
      .filter(Boolean),
    yearsExperience: number(d.yearsExperience),
    yearsByProduct: Object.fromEntries(
      d.specialties
        .filter((code) => d.yearsByProduct[code]?.trim())
        .map((code) => [code, number(d.yearsByProduct[code] ?? '')]),
    ),
    fee:
      d.feeModel === 'commission'
        ? { model: 'commission', commissionPercent: number(d.commissionPercent) }
        : { model: 'day_rate', dayRateCents: Math.round(number(d.dayRateEuros) * 100) },
    capacity: number(d.capacity),
  });
}

function EditForm({ profile }: { profile: ExpertProfile }) {
  const { t } = useTranslation();
  const products = useProducts();
  const [draft, setDraft] = useState(() => draftOf(profile));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveOwnProfile();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const productName = (code: string) => products.data?.find((p) => p.code === code)?.name ?? code;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await toUpdate(draft);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])));
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      {save.isSuccess && <Notice tone="success">{t('profileEdit.saved')}</Notice>}
      <ErrorAlert error={save.error} />
      <Card>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('profileEdit.headline')}
            value={draft.headline}
            error={errors.headline}
            onChange={(e) => set('headline', e.target.value)}
          />
          <TextField
            label={t('marketplace.city')}
            value={draft.city}
            error={errors.city}
            onChange={(e) => set('city', e.target.value)}
          />
          <TextField
            label={t('profileEdit.department')}
            value={draft.department}
            error={errors.department}
            hint={t('profileEdit.departmentHint')}
            onChange={(e) => set('department', e.target.value)}
          />
          <TextField
            label={t('profileEdit.yearsExperience')}
            inputMode="numeric"
            value={draft.yearsExperience}
            error={errors.yearsExperience}
            onChange={(e) => set('yearsExperience', e.target.value)}
          />
        </div>
        <div className="mt-4 space-y-1">
          <label htmlFor="profile-bio" className="block text-sm font-medium text-slate-700">
            {t('auth.bio')}
          </label>
          <textarea
            id="profile-bio"
            rows={5}
            value={draft.bio}
            onChange={(e) => set('bio', e.target.value)}
            className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
      </Card>
      <Card>
        <div className="space-y-4">
          <CheckboxGroup
            legend={t('auth.specialties')}
            name="specialties"
            options={(products.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
            value={draft.specialties}
            onChange={(v) => set('specialties', v)}
            error={errors.specialties}
          />
          {draft.specialties.length > 0 && (
            <fieldset className="grid gap-3 sm:grid-cols-2">
              <legend className="mb-1 text-sm font-medium text-slate-700">
                {t('profileEdit.yearsByProduct')}
              </legend>
              {draft.specialties.map((code) => (
                <TextField
                  key={code}
                  label={productName(code)}
                  inputMode="numeric"
                  value={draft.yearsByProduct[code] ?? ''}
                  onChange={(e) => set('yearsByProduct', { ...draft.yearsByProduct, [code]: e.target.value })}
                />
              ))}
              {errors.yearsByProduct && <p className="text-xs text-red-600">{errors.yearsByProduct}</p>}
            </fieldset>
          )}
          <CheckboxGroup
            legend={t('auth.regions')}
            name="regions"
            options={regions.map((r) => ({ value: r, label: regionNames[r] }))}
            value={draft.regions}
            onChange={(v) => set('regions', v)}
            error={errors.regions}
          />
          <CheckboxGroup
            legend={t('auth.languages')}
            name="languages"
            options={languages.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            value={draft.languages}
            onChange={(v) => set('languages', v)}
            error={errors.languages}
          />
          <div className="space-y-1">
            <label htmlFor="profile-certifications" className="block text-sm font-medium text-slate-700">
              {t('marketplace.certifications')}
            </label>
            <textarea
              id="profile-certifications"
              rows={3}
              value={draft.certifications}
              aria-describedby="profile-certifications-hint"
              onChange={(e) => set('certifications', e.target.value)}
              className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
            />
            <p id="profile-certifications-hint" className="text-xs text-slate-500">
              {errors.certifications ?? t('profileEdit.certificationsHint')}
            </p>
          </div>
        </div>
      </Card>
      <Card>
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField
            label={t('profileEdit.feeModel')}
            value={draft.feeModel}
            options={[
              { value: 'commission', label: t('profileEdit.commission') },
              { value: 'day_rate', label: t('profileEdit.dayRate') },
            ]}
            onChange={(e) => set('feeModel', e.target.value as Draft['feeModel'])}
          />
          {draft.feeModel === 'commission' ? (
            <TextField
              label={t('profileEdit.commissionPercent')}
              inputMode="decimal"
              value={draft.commissionPercent}
              error={errors.fee}
              onChange={(e) => set('commissionPercent', e.target.value)}
            />
          ) : (
            <TextField
              label={t('profileEdit.dayRateEuros')}
              inputMode="decimal"
              value={draft.dayRateEuros}
              error={errors.fee}
              onChange={(e) => set('dayRateEuros', e.target.value)}
            />
          )}
          <TextField
            label={t('profileEdit.capacity')}
            inputMode="numeric"
            value={draft.capacity}
            error={errors.capacity}
            hint={t('profileEdit.capacityHint')}
            onChange={(e) => set('capacity', e.target.value)}
          />
        </div>
      </Card>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" busy={save.isPending}>
          {t('common.save')}
        </Button>
        <Link to={`/experts/${profile.id}`} className="self-center text-sm text-blue-700 underline">
          {t('profileEdit.viewPublic')}
        </Link>
      </div>
    </form>
  );
}

export function EditProfilePage() {
  const { t } = useTranslation();
  const me = useUser();
  const profile = useExpertProfile(me.id);
  return (
    <>
      <PageHeader title={t('profileEdit.title')} />
      {profile.isPending ? (
        <LoadingRows />
      ) : profile.isError ? (
        <ErrorAlert error={profile.error} />
      ) : (
        <EditForm profile={profile.data} />
      )}
    </>
  );
}
