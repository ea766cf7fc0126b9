import { useState } from 'react';
import { useFormCheck } from '../../../lib/form-check';
import { $api, useFailure } from '../../../lib/query';
import { aYearFrom, dateValue, DAY_MS, DEFAULT_DAYS, expiresAtOf, type Scope } from './keys';

/**
 * The API's rules for a new key (CreateApiKeyDto, and its expiry: after today, at most a year
 * away), checked before sending.
 */
export function keyRules(now: Date) {
  return {
    name: { required: true, maxLength: 120 },
    scopes: { required: true },
    expiresAt: { required: true, date: { after: dateValue(now), notAfterThan: dateValue(aYearFrom(now)) } },
  } as const;
}

/**
 * The new key's form and its creation. After success the choices are emptied (the expiry stays)
 * and the secret is held until the administrator hides it: never stored, never in a URL.
 */
export function useCreateKey(onCreated: () => void) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [surveyIds, setSurveyIds] = useState<string[]>([]);
  const [expires, setExpires] = useState(() => dateValue(new Date(Date.now() + DEFAULT_DAYS * DAY_MS)));
  const [created, setCreated] = useState<{ name: string; secret: string }>();
  const creating = $api.useMutation('post', '/api/v1/api-keys', {
    onSuccess: (result) => {
      setCreated({ name: result.apiKey.name, secret: result.secret });
      setName('');
      setScopes([]);
      setSurveyIds([]);
      onCreated();
    },
  });
  const failure = useFailure(creating.error);
  const check = useFormCheck(keyRules(new Date()), failure);

  function create() {
    if (!check.check({ name, scopes, expiresAt: expires })) return;
    creating.mutate({ body: { name: name.trim(), scopes, surveyIds, expiresAt: expiresAtOf(expires) } });
  }

  const form = { name, setName, scopes, setScopes, surveyIds, setSurveyIds, expires, setExpires };
  return {
    form,
    create,
    created,
    hideCreated: () => setCreated(undefined),
    busy: creating.isPending,
    failure,
    errorsOf: check.errorsOf,
    formRef: check.ref,
  };
}
