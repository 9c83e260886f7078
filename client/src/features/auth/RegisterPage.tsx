import { useState } from 'react';
import { Controller, type FieldErrors, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { companySizes, languages, regionNames, regions, sectors } from '../../../../common/reference.ts';
import type { RegisterInput, registerInput } from '../../../../common/users.ts';
import { lazyResolver } from '../../lib/lazyResolver.ts';
import { homePath, useSession } from '../../lib/session.tsx';
import { hasPendingSimulation, openPendingSimulation } from '../../shared/pendingSimulation.ts';
import { useProducts } from '../../shared/products.api.ts';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert, Notice, useErrorMessage } from '../../ui/Feedback.tsx';
import { CheckboxGroup, SelectField, TextField } from '../../ui/Field.tsx';
import { applyServerErrors, errorAt } from '../../ui/forms.ts';

type Role = RegisterInput['role'];
type RegisterDraft = z.input<typeof registerInput>;

const emptyCompany = { name: '', siren: '', sector: '', size: '', region: '' };
const emptyExpert = { specialties: [], regions: [], languages: ['fr'], bio: '' };

const registerResolver = lazyResolver<RegisterDraft, unknown, RegisterInput>(async () => {
  const [{ zodResolver }, { registerInput }] = await Promise.all([
    import('@hookform/resolvers/zod'),
    import('../../../../common/users.ts'),
  ]);
  return zodResolver(registerInput);
});

export function RegisterPage() {
  const { t } = useTranslation();
  const { register: signUp } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const message = useErrorMessage();
  const products = useProducts();
  const initialRole: Role = params.get('role') === 'expert' ? 'expert' : 'client';

  const form = useForm<RegisterDraft, unknown, RegisterInput>({
    resolver: registerResolver,
    defaultValues: {
      role: initialRole,
      email: '',
      password: '',
      firstName: '',
      lastName: '',
      ...(initialRole === 'client' ? { company: emptyCompany } : { expert: emptyExpert }),
    } as RegisterDraft,
  });
  const {
    register,
    handleSubmit,
    watch,
    setValue,
    control,
    formState: { errors, isSubmitting },
  } = form;
  const role = watch('role');
  const fieldErrors = errors as FieldErrors;

  const chooseRole = (next: Role) => {
    setValue('role', next);
    if (next === 'client') setValue('company', emptyCompany as never);
    else setValue('expert', emptyExpert as never);
  };

  const onSubmit = handleSubmit(async (input) => {
    setError(null);
    try {
      const user = await signUp(input);
      // A client joining a company already registered waits for an admin: the kept simulation waits too.
      if (user.status !== 'active') return navigate('/compte/en-attente', { replace: true });
      const opened = user.role === 'client' && (await openPendingSimulation());
      navigate(opened ? '/espace' : homePath(user), { replace: true });
    } catch (e) {
      if (!applyServerErrors(e, form.setError, message)) setError(e);
    }
  });

  const options = (values: readonly string[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
  const regionOptions = regions.map((value) => ({ value, label: regionNames[value] }));

  return (
    <div className="mx-auto max-w-2xl">
      <Card>
        <h1 className="mb-4 text-2xl font-semibold">{t('auth.registerTitle')}</h1>
        <div className="mb-4 space-y-3">
          {role === 'client' && hasPendingSimulation() && (
            <Notice>{t('simulator.pendingAfterRegister')}</Notice>
          )}
          <ErrorAlert error={error} />
        </div>
        <form onSubmit={onSubmit} onFocus={registerResolver.preload} noValidate className="space-y-6">
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-slate-700">{t('auth.iAm')}</legend>
            <div className="grid grid-cols-2 gap-2" role="radiogroup">
              {(['client', 'expert'] as const).map((r) => (
                <label
                  key={r}
                  className={`cursor-pointer rounded-lg border px-4 py-3 text-center text-sm font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-600 ${
                    role === r ? 'border-blue-600 bg-blue-50 text-blue-800' : 'border-slate-300'
                  }`}
                >
                  <input
                    type="radio"
                    name="role"
                    value={r}
                    checked={role === r}
                    onChange={() => chooseRole(r)}
                    className="sr-only"
                  />
                  {t(r === 'client' ? 'auth.roleClient' : 'auth.roleExpert')}
                </label>
              ))}
            </div>
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label={t('auth.firstName')}
              autoComplete="given-name"
              error={errors.firstName?.message}
              {...register('firstName')}
            />
            <TextField
              label={t('auth.lastName')}
              autoComplete="family-name"
              error={errors.lastName?.message}
              {...register('lastName')}
            />
            <TextField
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              error={errors.email?.message}
              {...register('email')}
            />
            <TextField
              label={t('auth.password')}
              type="password"
              autoComplete="new-password"
              hint={t('auth.passwordHint')}
              error={errors.password?.message}
              {...register('password')}
            />
          </div>

          {role === 'client' ? (
            <fieldset className="space-y-4">
              <legend className="text-lg font-semibold">{t('auth.company')}</legend>
              <p id="company-join-note" className="text-sm text-slate-600">
                {t('auth.companyJoinNote')}
              </p>
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField
                  label={t('auth.companyName')}
                  autoComplete="organization"
                  error={errorAt(fieldErrors, 'company.name')}
                  {...register('company.name')}
                />
                <TextField
                  label={t('auth.siren')}
                  inputMode="numeric"
                  hint={t('auth.sirenHint')}
                  error={errorAt(fieldErrors, 'company.siren')}
                  {...register('company.siren')}
                />
                <SelectField
                  label={t('auth.sector')}
                  placeholder={t('auth.choose')}
                  options={options(sectors, 'sectors')}
                  error={errorAt(fieldErrors, 'company.sector')}
                  {...register('company.sector')}
                />
                <SelectField
                  label={t('auth.size')}
                  placeholder={t('auth.choose')}
                  options={options(companySizes, 'sizes')}
                  error={errorAt(fieldErrors, 'company.size')}
                  {...register('company.size')}
                />
                <SelectField
                  label={t('auth.region')}
                  placeholder={t('auth.choose')}
                  options={regionOptions}
                  error={errorAt(fieldErrors, 'company.region')}
                  {...register('company.region')}
                />
              </div>
            </fieldset>
          ) : (
            <fieldset className="space-y-4">
              <legend className="text-lg font-semibold">{t('auth.expertProfile')}</legend>
              {(
                [
                  ['specialties', (products.data ?? []).map((p) => ({ value: p.code, label: p.name }))],
                  ['regions', regionOptions],
                  ['languages', options(languages, 'languages')],
                ] as const
              ).map(([name, choices]) => (
                <Controller
                  key={name}
                  control={control}
                  name={`expert.${name}`}
                  render={({ field }) => (
                    <CheckboxGroup
                      legend={t(`auth.${name}`)}
                      name={name}
                      options={choices}
                      value={field.value ?? []}
                      onChange={field.onChange}
                      error={errorAt(fieldErrors, `expert.${name}`) && t('auth.pickOne')}
                    />
                  )}
                />
              ))}
              <div className="space-y-1">
                <label htmlFor="expert-bio" className="block text-sm font-medium text-slate-700">
                  {t('auth.bio')} <span className="font-normal text-slate-500">({t('common.optional')})</span>
                </label>
                <textarea
                  id="expert-bio"
                  rows={4}
                  aria-describedby="expert-bio-hint"
                  className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30"
                  {...register('expert.bio')}
                />
                <p id="expert-bio-hint" className="text-xs text-slate-500">
                  {t('auth.bioHint')}
                </p>
              </div>
            </fieldset>
          )}

          <Button type="submit" busy={isSubmitting} className="w-full">
            {t('auth.submitRegister')}
          </Button>
        </form>
        <p className="mt-4 text-center text-sm text-slate-600">
          {t('auth.haveAccount')}{' '}
          <Link to="/connexion" className="font-medium text-blue-700 underline">
            {t('nav.login')}
          </Link>
        </p>
      </Card>
    </div>
  );
}
