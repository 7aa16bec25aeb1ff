import type { TablePaginationConfig } from 'antd';

/**
 * The pager of a table whose rows the API pages: page `page` of `total` rows (none while it
 * loads), `pageSize` a page and no size changer, since the query fixes the page size.
 */
export function serverPages(
  page: number,
  pageSize: number,
  total: number | undefined,
  onChange: (page: number) => void,
): TablePaginationConfig {
  return { current: page, pageSize, total: total ?? 0, showSizeChanger: false, onChange };
}
