import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { PageQueryDto, Paginated, toPage } from './pagination';

class NameFilterDto {
  @IsString()
  name: string;
}

/** A filtered list's query, paged as every list. */
class NamedPageQueryDto extends Paginated(NameFilterDto) {}

function parse(query: Record<string, string>) {
  const dto = plainToInstance(PageQueryDto, query);
  return { dto, errors: validateSync(dto).map((error) => error.property) };
}

describe('pagination', () => {
  it('defaults to the first page of 20', () => {
    const { dto, errors } = parse({});
    expect(errors).toEqual([]);
    expect(dto).toMatchObject({ page: 1, limit: 20, offset: 0 });
  });

  it('reads page and limit from query strings', () => {
    const { dto, errors } = parse({ page: '3', limit: '50' });
    expect(errors).toEqual([]);
    expect(dto.offset).toBe(100);
  });

  it('refuses pages below 1, sizes above 100 and non-integers', () => {
    expect(parse({ page: '0' }).errors).toEqual(['page']);
    expect(parse({ limit: '101' }).errors).toEqual(['limit']);
    expect(parse({ page: '1.5', limit: 'ten' }).errors).toEqual(['page', 'limit']);
  });

  it('says whether another page follows', () => {
    const query = plainToInstance(PageQueryDto, { page: '2', limit: '10' });
    expect(toPage(Array(10).fill('x'), 25, query).meta).toEqual({ page: 2, limit: 10, total: 25, hasNextPage: true });
    expect(toPage(Array(5).fill('x'), 15, query).meta.hasNextPage).toBe(false);
  });

  it('pages a filtered query the same way, keeping its filters', () => {
    const dto = plainToInstance(NamedPageQueryDto, { name: 'x', page: '2', limit: '10' });
    expect(validateSync(dto)).toEqual([]);
    expect(dto).toMatchObject({ name: 'x', page: 2, limit: 10, offset: 10 });
    const refused = plainToInstance(NamedPageQueryDto, { name: 3, limit: '101' });
    expect(validateSync(refused).map((error) => error.property)).toEqual(['name', 'limit']);
    expect(plainToInstance(NamedPageQueryDto, { name: 'x' })).toMatchObject({ page: 1, limit: 20, offset: 0 });
  });
});
