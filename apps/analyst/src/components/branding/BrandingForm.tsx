import type { components } from '@survey/api-client';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState, type CSSProperties, type FormEvent } from 'react';
import { useMessages } from '../../lib/i18n';
import { fieldMessages, type Failure } from '../../lib/problem';
import { useFailure } from '../../lib/query';
import { fieldAria, FieldMessages, ProblemMessage } from '../ui';
import { brandingMessages } from './messages';

export type Branding = components['schemas']['BrandingDto'];
export type BrandingUpdate = components['schemas']['UpdateBrandingDto'];
export type TitleLanguage = 'en' | 'fr' | 'es' | 'ar' | 'zh' | 'ru';

/** The API's limits, checked here before sending (the API checks them again). */
export const LOGO_MAX_BYTES = 256 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
/** The respondent app's own accent (apps/spa-base.css), shown when no colour is set. */
const APP_ACCENT = '#0b57d0';

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/** What the first bytes of a file say it is (as the API reads it): PNG, JPEG, WebP or something else. */
async function sniffedType(file: File): Promise<string | null> {
  const bytes = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));
  if (bytes[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** The reason a file will not be accepted, before it is sent; null when it may be sent. */
async function fileProblem(file: File | null, t: typeof brandingMessages.en): Promise<string | null> {
  if (!file) return t.fileMissing;
  if (file.size > LOGO_MAX_BYTES) return t.fileSize(kib(file.size));
  if (!LOGO_TYPES.includes(file.type) || (await sniffedType(file)) === null) return t.fileType;
  return null;
}

export interface BrandingFormProps {
  branding: Branding;
  /** The organisation's default, which a survey's empty fields take (none for the default itself). */
  fallback?: Branding;
  /** The languages of the title: a survey's (each required), or all six for the default. */
  languages: readonly TitleLanguage[];
  titleNeedsAll: boolean;
  readOnly?: boolean;
  save(update: BrandingUpdate): Promise<unknown>;
  upload(file: File): Promise<unknown>;
  removeLogo(): Promise<unknown>;
  /** After any change is stored. */
  onChanged(): void;
}

/**
 * Colour, page title and logo of the respondent app, with a preview: what is checked before
 * sending (colour format, file type and size) is said at once; the API's refusals (contrast,
 * titles, image) are shown next to their field.
 */
export function BrandingForm(props: BrandingFormProps) {
  const { branding, fallback, languages, titleNeedsAll, readOnly } = props;
  const t = useMessages(brandingMessages);
  const id = useId();
  const [colour, setColour] = useState(branding.primaryColor ?? '');
  const [titles, setTitles] = useState<Record<string, string>>(branding.title ?? {});
  const [colourProblem, setColourProblem] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input once its file is stored.
  const [fileKey, setFileKey] = useState(0);
  const [fileCheck, setFileCheck] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setColour(branding.primaryColor ?? '');
    setTitles(branding.title ?? {});
  }, [branding.primaryColor, branding.title]);

  const saving = useMutation({
    mutationFn: props.save,
    onMutate: () => setSaved(false),
    onSuccess: () => {
      setSaved(true);
      props.onChanged();
    },
  });
  const uploading = useMutation({
    mutationFn: props.upload,
    onSuccess: () => {
      setFile(null);
      setFileKey((key) => key + 1);
      props.onChanged();
    },
  });
  const removing = useMutation({ mutationFn: props.removeLogo, onSuccess: props.onChanged });
  const saveFailure = useFailure(saving.error);
  const logoFailure = useFailure(uploading.error ?? removing.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = colour.trim();
    if (trimmed !== '' && !HEX_COLOUR.test(trimmed)) {
      setColourProblem(t.colourFormat);
      return;
    }
    setColourProblem(null);
    const texts = Object.fromEntries(
      languages.map((language) => [language, (titles[language] ?? '').trim()]).filter(([, text]) => text !== ''),
    );
    saving.mutate({
      primaryColor: trimmed === '' ? null : trimmed,
      title: Object.keys(texts).length > 0 ? texts : null,
    });
  }

  async function sendLogo(event: FormEvent) {
    event.preventDefault();
    const problem = await fileProblem(file, t);
    setFileCheck(problem);
    if (!problem && file) uploading.mutate(file);
  }

  const colourMessages = [...(colourProblem ? [colourProblem] : []), ...fieldMessages(saveFailure, 'primaryColor')];
  const titleMessages = (saveFailure?.fieldErrors ?? []).filter((e) => e.field === 'title').flatMap((e) => e.messages);
  const logoMessages = [...(fileCheck ? [fileCheck] : []), ...fieldMessages(logoFailure, 'logo')];
  const shownLogo = branding.logo ?? fallback?.logo ?? null;
  const previewColour = HEX_COLOUR.test(colour.trim()) ? colour.trim() : (fallback?.primaryColor ?? APP_ACCENT);
  const previewTitle = languages.map((l) => titles[l]?.trim()).find(Boolean) ?? localizedFirst(fallback?.title);

  return (
    <div className="branding">
      <form noValidate onSubmit={submit} className="branding-form">
        {saveFailure && !onlyFieldErrors(saveFailure) && <ProblemMessage failure={saveFailure} />}
        <fieldset disabled={readOnly} className="editor-fieldset">
          <div className="settings-field">
            <label htmlFor={`${id}-colour`}>{t.colourLabel}</label>
            <div className="colour-input">
              <input
                id={`${id}-colour`}
                value={colour}
                placeholder={fallback?.primaryColor ?? APP_ACCENT}
                spellCheck={false}
                onChange={(e) => setColour(e.target.value)}
                {...fieldAria(colourMessages, `${id}-colour-error`, `${id}-colour-hint`)}
              />
              <input
                type="color"
                aria-label={t.colourPicker}
                value={HEX_COLOUR.test(colour.trim()) ? colour.trim().toLowerCase() : previewColour}
                onChange={(e) => setColour(e.target.value)}
              />
            </div>
            <p className="hint" id={`${id}-colour-hint`}>
              {t.colourHint} {t.inherit(fallback ? t.inheritOrganisation : t.inheritApp)}
            </p>
            <FieldMessages id={`${id}-colour-error`} messages={colourMessages} />
          </div>
          <fieldset className="branding-titles">
            <legend>{t.titleLegend}</legend>
            <p className="hint">{t.titleHint(titleNeedsAll)}</p>
            <FieldMessages id={`${id}-title-error`} messages={titleMessages} />
            {languages.map((language) => {
              const messages = fieldMessages(saveFailure, `title.${language}`);
              return (
                <div className="settings-field" key={language}>
                  <label htmlFor={`${id}-title-${language}`}>{t.languageNames[language]}</label>
                  <input
                    id={`${id}-title-${language}`}
                    className="wide-input"
                    lang={language}
                    dir={language === 'ar' ? 'rtl' : undefined}
                    maxLength={120}
                    value={titles[language] ?? ''}
                    placeholder={fallback?.title?.[language]}
                    onChange={(e) => setTitles({ ...titles, [language]: e.target.value })}
                    {...fieldAria(messages, `${id}-title-${language}-error`)}
                  />
                  <FieldMessages id={`${id}-title-${language}-error`} messages={messages} />
                </div>
              );
            })}
          </fieldset>
          <div className="actions">
            <button type="submit" className="primary" disabled={saving.isPending}>
              {saving.isPending ? t.saving : t.save}
            </button>
          </div>
          <p role="status" className={saved ? 'notice' : undefined}>
            {saved ? t.saved : null}
          </p>
        </fieldset>
      </form>

      <form noValidate onSubmit={(e) => void sendLogo(e)} className="branding-logo">
        <fieldset disabled={readOnly} className="editor-fieldset">
          <legend>{t.logoLegend}</legend>
          {logoFailure && !onlyFieldErrors(logoFailure) && <ProblemMessage failure={logoFailure} />}
          {branding.logo ? (
            <p className="logo-facts">
              <img src={branding.logo.url} alt="" className="logo-thumb" />
              {t.logoFacts(branding.logo.width, branding.logo.height, kib(branding.logo.byteSize))}
            </p>
          ) : (
            <p>{t.noLogo}</p>
          )}
          <div className="settings-field">
            <label htmlFor={`${id}-logo`}>{t.logoFile}</label>
            <input
              key={fileKey}
              id={`${id}-logo`}
              type="file"
              accept="image/png,image/jpeg,image/webp"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setFileCheck(null);
              }}
              {...fieldAria(logoMessages, `${id}-logo-error`, `${id}-logo-hint`)}
            />
            <p className="hint" id={`${id}-logo-hint`}>
              {t.logoHint}
            </p>
            <FieldMessages id={`${id}-logo-error`} messages={logoMessages} />
          </div>
          <div className="actions">
            <button type="submit" disabled={uploading.isPending}>
              {uploading.isPending ? t.uploading : t.upload}
            </button>
            {branding.logo && (
              <button type="button" disabled={removing.isPending} onClick={() => removing.mutate()}>
                {t.removeLogo}
              </button>
            )}
          </div>
        </fieldset>
      </form>

      <section className="branding-preview" aria-labelledby={`${id}-preview`}>
        <h3 id={`${id}-preview`}>{t.preview}</h3>
        <div
          className="brand-sample"
          style={{ '--sample-accent': previewColour } as CSSProperties}
          data-testid="brand-preview"
        >
          <div className="brand-sample-header">
            {shownLogo && <img src={shownLogo.url} alt="" className="brand-sample-logo" />}
            <span className="brand-sample-name">{branding.organisationName}</span>
          </div>
          <div className="brand-sample-body">
            {previewTitle && <p className="brand-sample-title">{previewTitle}</p>}
            <span className="brand-sample-button">{t.previewStart}</span>
          </div>
          <div className="brand-sample-footer">
            <span className="brand-sample-link">{t.previewNotice}</span>
          </div>
        </div>
        <p className="hint">{t.previewNote}</p>
      </section>
    </div>
  );
}

function onlyFieldErrors(failure: Failure): boolean {
  return [400, 413, 415].includes(failure.status) && failure.fieldErrors.length > 0;
}

function localizedFirst(title: Record<string, string> | null | undefined): string | undefined {
  return title ? (title.en ?? Object.values(title)[0]) : undefined;
}
