import { PartialType } from '@nestjs/swagger';
import { plainToInstance, Transform } from 'class-transformer';
import { IsEnum, IsIn, IsString, IsUUID, Length, Matches, validateSync } from 'class-validator';
import { flattenValidationErrors } from './problem';
import {
  IsOmittable,
  trimmed,
  trimmedUpperCase,
  ValidateCountry,
  ValidateEnum,
  ValidateLanguage,
  ValidateText,
  ValidateUUID,
} from './validation';

enum Colour {
  Red = 'red',
  Blue = 'blue',
}

/** The checks as plain class-validator decorators, written one per line. */
class Plain {
  @Transform(trimmed)
  @IsString()
  @Length(1, 20, { message: 'name must be 1 to 20 characters long' })
  name: string;

  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @Length(2, 5)
  note?: string;

  @IsOmittable()
  @IsEnum(Colour, { message: 'colour must be red or blue' })
  colour?: Colour;

  @IsOmittable()
  @IsIn(['en', 'fr'])
  language?: string;

  @IsOmittable()
  @Transform(trimmedUpperCase)
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  @IsOmittable()
  @IsUUID()
  id?: string;
}

/** The same checks through the shared decorators. */
class Bundled {
  @ValidateText({ max: 20, message: 'name must be 1 to 20 characters long' })
  name: string;

  @ValidateText({ min: 2, max: 5, optional: true })
  note?: string;

  @ValidateEnum(Colour, { name: 'Colour', optional: true, message: 'colour must be red or blue' })
  colour?: Colour;

  @ValidateLanguage(['en', 'fr'], { optional: true })
  language?: string;

  @ValidateCountry({ optional: true, message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  @ValidateUUID({ optional: true })
  id?: string;
}

class PartialBundled extends PartialType(Bundled, { skipNullProperties: false }) {}

function refusals(type: new () => object, body: Record<string, unknown>) {
  const instance = plainToInstance(type, body);
  return { errors: flattenValidationErrors(validateSync(instance, { forbidUnknownValues: true })), instance };
}

const BODIES: Record<string, unknown>[] = [
  { name: '  Ada  ' },
  { name: '   ' },
  { name: 42 },
  { name: 'x'.repeat(21), note: ' a ' },
  { name: 'ok', note: 'abcdef', colour: 'green', language: 'de', country: ' fr ', id: 'nope' },
  { name: 'ok', colour: 'red', language: 'fr', country: 'FRA', id: '9f1c2e1a-5d0b-4a53-9a6c-3c4a1f0b7e21' },
  { name: null, note: null, colour: null, language: null, country: null, id: null },
  { name: ['a'], note: 7, colour: 1, language: ['en'], country: 12, id: 3 },
];

describe('shared validation decorators', () => {
  it.each(BODIES)('refuse what the plain decorators refuse, with the same fields, messages and order: %j', (body) => {
    const plain = refusals(Plain, body);
    const bundled = refusals(Bundled, body);
    expect(bundled.errors).toEqual(plain.errors);
    expect({ ...bundled.instance }).toEqual({ ...plain.instance });
  });

  it('trim text and upper-case country codes before checking them', () => {
    const { errors, instance } = refusals(Bundled, { name: '  Ada ', country: ' fr ' });
    expect(errors).toEqual([]);
    expect(instance).toMatchObject({ name: 'Ada', country: 'FR' });
  });

  it('in a partial type, let every field be left out but refuse null', () => {
    expect(refusals(PartialBundled, {}).errors).toEqual([]);
    expect(refusals(PartialBundled, { name: null }).errors.map((e) => e.field)).toEqual(['name', 'name']);
    expect(refusals(PartialBundled, { name: '  ' }).errors).toEqual([
      {
        field: 'name',
        message: 'name must be 1 to 20 characters long',
        reason: 'isLength',
        limits: { min: 1, max: 20 },
      },
    ]);
  });
});
