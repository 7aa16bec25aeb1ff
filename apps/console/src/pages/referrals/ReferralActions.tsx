import { useState } from 'react';
import { Button, Space } from 'antd';
import { useLocale } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { ActionDialog } from './ActionDialog';
import { ACTIONS, type ActionName, actionsFor } from './actions';
import type { ReferralRow } from './labels';
import type { Institution } from './use-directory';

/** The buttons a referral's row offers this institution now, each opening its dialog. */
export function ReferralActions(props: {
  referral: ReferralRow;
  institutions: Institution[];
  onDone: () => void;
}) {
  const { actor, hasRole } = useSession();
  const [open, setOpen] = useState<ActionName>();
  const { lang } = useLocale();
  // A community admin sees every referral but acts on none (the API refuses it).
  if (!hasRole('referral_coordinator', 'clinician')) return null;
  const names = actionsFor(props.referral, actor.institutionId);
  if (names.length === 0) return <span style={{ color: '#595959' }}>—</span>;
  return (
    <>
      <Space size={4} wrap>
        {names.map((name) => (
          <Button
            key={name}
            size="small"
            type={ACTIONS[name].primary ? 'primary' : 'default'}
            danger={ACTIONS[name].danger}
            onClick={() => setOpen(name)}
          >
            {lang === 'zh' ? ACTIONS[name].label : ACTIONS[name].labelEn}
          </Button>
        ))}
      </Space>
      <ActionDialog
        action={open}
        referral={props.referral}
        institutions={props.institutions}
        onClose={() => setOpen(undefined)}
        onDone={() => {
          setOpen(undefined);
          props.onDone();
        }}
      />
    </>
  );
}
