import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { integerParam } from './query-params';
import { IsOmittable } from './validation';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
/**
 * The last page anyone may ask for: with the largest page size its offset stays far inside
 * JavaScript's safe integers and PostgreSQL's bigint, so a huge page is a 400, not a 500.
 */
export const MAX_PAGE = 1_000_000_000;

/** A class a mixin may extend (TypeScript requires a mixin's base to take `any[]`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type QueryClass = new (...args: any[]) => object;

/**
 * `?page=&limit=` added to a query DTO that already extends another (the filters of a list), so
 * that a filtered list pages the one way every list does. PageQueryDto is this on its own.
 */
export function Paginated<TBase extends QueryClass>(Base: TBase) {
  class PaginatedQuery extends Base {
    /** 1-based page number. */
    @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
    @IsOmittable()
    @Transform(integerParam)
    @Min(1)
    @Max(MAX_PAGE)
    @IsInt()
    page: number = 1;

    /** Items per page. */
    @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
    @IsOmittable()
    @Transform(integerParam)
    @Min(1)
    @Max(MAX_PAGE_SIZE)
    @IsInt()
    limit: number = 20;

    get offset(): number {
      return (this.page - 1) * this.limit;
    }
  }
  return PaginatedQuery;
}

/** `?page=&limit=` on every list route: the one way lists are paginated. */
export class PageQueryDto extends Paginated(class {}) {}

export class PageMetaDto {
  @ApiProperty()
  page: number;

  @ApiProperty()
  limit: number;

  /** Items matching the filters, over all pages. */
  @ApiProperty()
  total: number;

  @ApiProperty()
  hasNextPage: boolean;
}

export interface Page<T> {
  items: T[];
  meta: PageMetaDto;
}

export function toPage<T>(items: T[], total: number, query: PageQueryDto): Page<T> {
  return {
    items,
    meta: { page: query.page, limit: query.limit, total, hasNextPage: query.offset + items.length < total },
  };
}

/** Documents a `Page<Model>` answer. */
export function ApiPageResponse(model: ClassType): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(PageMetaDto, model),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['items', 'meta'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          meta: { $ref: getSchemaPath(PageMetaDto) },
        },
      },
    }),
  );
}
