import type { ReactNode } from 'react';
import { Descriptions } from 'antd';

/**
 * Label and value rows, one column, bordered, labels kept on one line: the study's facts and a
 * report version are shown so. `children` are Descriptions.Item elements.
 */
export function FactSheet(props: { testId: string; children: ReactNode }) {
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid={props.testId}
      styles={{ label: { width: 88, whiteSpace: 'nowrap' } }}
    >
      {props.children}
    </Descriptions>
  );
}
