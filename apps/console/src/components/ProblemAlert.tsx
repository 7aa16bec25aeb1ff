import type { CSSProperties } from 'react';
import { Alert } from 'antd';

/**
 * A refusal or failure sentence as the console shows it everywhere: a red banner that screen
 * readers announce at once (role="alert"); nothing at all while there is no problem.
 */
export function ProblemAlert(props: { problem?: string | null; style?: CSSProperties }) {
  if (!props.problem) return null;
  return <Alert type="error" showIcon role="alert" title={props.problem} style={props.style} />;
}
