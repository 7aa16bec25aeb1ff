/**
 * 报告模板: the normal and common findings a county imaging or ECG room writes every day, in
 * the phrasing Chinese reports use. `__` marks a value the reader measures; {心率} and {RR} are
 * filled from the ECG's measurements when known.
 */
export interface ReportTemplate {
  id: string;
  /** DICOM modalities it is for (DX, CR and DR are all plain radiographs). */
  modalities: string[];
  name: string;
  findings: string;
  impression: string;
}

const XR = ['DX', 'CR', 'DR'];

export const TEMPLATES: ReportTemplate[] = [
  {
    id: 'ct-head-normal',
    modalities: ['CT'],
    name: '头颅CT平扫：未见异常',
    findings:
      '颅骨骨质完整，未见明显骨折征象。脑实质内未见明显异常密度影，灰白质分界清楚。脑室系统大小、形态未见异常，脑沟、脑裂、脑池未见增宽或变窄，中线结构居中。',
    impression: '头颅CT平扫未见明显异常。',
  },
  {
    id: 'ct-head-hemorrhage',
    modalities: ['CT'],
    name: '头颅CT平扫：脑出血',
    findings:
      '左侧基底节区见团片状高密度影，大小约__mm×__mm，CT值约__HU，周围见环状低密度水肿带，邻近侧脑室受压变形，中线结构向右移位约__mm。余脑实质未见明显异常密度影。颅骨骨质未见异常。',
    impression: '左侧基底节区脑出血（出血量约__ml），请结合临床，建议复查。',
  },
  {
    id: 'ct-head-infarct',
    modalities: ['CT'],
    name: '头颅CT平扫：腔隙性脑梗死',
    findings:
      '双侧基底节区见多发斑点状低密度影，边界清楚，最大者直径约__mm。脑室系统未见扩大，脑沟、脑池未见增宽，中线结构居中。',
    impression: '双侧基底节区腔隙性脑梗死，建议必要时MRI检查。',
  },
  {
    id: 'ct-chest-normal',
    modalities: ['CT'],
    name: '胸部CT平扫：未见异常',
    findings:
      '胸廓对称，气管居中。双肺纹理清晰，走行自然，双肺实质内未见明显异常密度影。各叶段支气管通畅。双侧肺门不大，纵隔内未见明显肿大淋巴结。心影大小、形态未见异常。双侧胸膜未见增厚，胸腔内未见积液。',
    impression: '胸部CT平扫未见明显异常。',
  },
  {
    id: 'ct-chest-pneumonia',
    modalities: ['CT'],
    name: '胸部CT平扫：肺炎',
    findings:
      '右肺下叶见斑片状高密度影，边缘模糊，其内可见支气管充气征。余肺野未见明显异常密度影。纵隔内未见肿大淋巴结，双侧胸腔未见积液。',
    impression: '右肺下叶炎症，建议抗感染治疗后复查。',
  },
  {
    id: 'ct-chest-nodule',
    modalities: ['CT'],
    name: '胸部CT平扫：肺结节',
    findings:
      '右肺上叶尖段见一实性结节，直径约__mm，边界清楚，未见明显分叶及毛刺。余肺野清晰。纵隔及双侧肺门未见肿大淋巴结。',
    impression: '右肺上叶实性小结节，建议__个月后低剂量CT复查。',
  },
  {
    id: 'dr-chest-normal',
    modalities: XR,
    name: '胸部正位：未见异常',
    findings:
      '胸廓对称，气管居中。双肺纹理清晰，肺野透亮度正常，未见明显实变影。双侧肺门不大。心影大小、形态在正常范围。双膈面光整，双侧肋膈角锐利。',
    impression: '胸部正位片未见明显异常。',
  },
  {
    id: 'dr-chest-pneumonia',
    modalities: XR,
    name: '胸部正位：肺炎',
    findings: '右下肺野见片状模糊影，边界不清。余肺野清晰。心影不大，双膈面光整，双侧肋膈角锐利。',
    impression: '右下肺炎症，建议治疗后复查。',
  },
  {
    id: 'mr-head-normal',
    modalities: ['MR'],
    name: '头颅MR平扫：未见异常',
    findings:
      '脑实质内未见明显异常信号影，灰白质分界清楚。DWI未见弥散受限信号。脑室系统未见扩大，脑沟、脑池未见增宽，中线结构居中。',
    impression: '头颅MR平扫未见明显异常。',
  },
  {
    id: 'ecg-normal',
    modalities: ['ECG'],
    name: '窦性心律，正常心电图',
    findings:
      '窦性心律，心率{心率}次/分，RR间期{RR}ms。P波形态正常，PR间期__ms，QRS波群时限__ms，QT/QTc间期__/__ms。心电轴不偏。各导联ST段未见明显偏移，T波未见异常。',
    impression: '1. 窦性心律\n2. 正常心电图',
  },
  {
    id: 'ecg-tachycardia',
    modalities: ['ECG'],
    name: '窦性心动过速',
    findings:
      '窦性心律，心率{心率}次/分（>100次/分），RR间期{RR}ms。P波形态正常，PR间期正常，QRS波群形态、时限正常，ST-T未见明显异常。',
    impression: '窦性心动过速',
  },
  {
    id: 'ecg-bradycardia',
    modalities: ['ECG'],
    name: '窦性心动过缓',
    findings:
      '窦性心律，心率{心率}次/分（<60次/分），RR间期{RR}ms。P波形态正常，PR间期正常，QRS波群形态、时限正常，ST-T未见明显异常。',
    impression: '窦性心动过缓',
  },
  {
    id: 'ecg-af',
    modalities: ['ECG'],
    name: '心房颤动',
    findings:
      'P波消失，代之以大小、形态、间距不等的f波，RR间期绝对不齐，平均心室率约{心率}次/分。QRS波群形态、时限正常。',
    impression: '心房颤动',
  },
  {
    id: 'ecg-stemi-inferior',
    modalities: ['ECG'],
    name: '急性下壁心肌梗死（危急值）',
    findings:
      '窦性心律，心率{心率}次/分。Ⅱ、Ⅲ、aVF导联ST段弓背向上抬高__mm，Ⅰ、aVL导联ST段呈镜像性压低。',
    impression: '1. 窦性心律\n2. 急性下壁ST段抬高型心肌梗死（危急值，已通知临床）',
  },
];

/** The study's modality's templates first, then the rest. */
export function templatesFor(modality: string | null): {
  mine: ReportTemplate[];
  others: ReportTemplate[];
} {
  const m = (modality ?? '').toUpperCase();
  return {
    mine: TEMPLATES.filter((t) => t.modalities.includes(m)),
    others: TEMPLATES.filter((t) => !t.modalities.includes(m)),
  };
}

/** Fills {心率} and {RR} from the measurements; unknown values stay `__` for the reader. */
export function fillTemplate(
  text: string,
  measured: { heartRateBpm?: number | null; meanRrMs?: number | null },
): string {
  const value = (v: number | null | undefined) => (v ? String(Math.round(v)) : '__');
  return text
    .replaceAll('{心率}', value(measured.heartRateBpm))
    .replaceAll('{RR}', value(measured.meanRrMs));
}

/** `insert` placed into `text` over the selection [start, end), and where the caret ends up. */
export function insertAt(
  text: string,
  insert: string,
  selection: { start: number; end: number } | null,
): { text: string; caret: number } {
  const start = Math.min(selection?.start ?? text.length, text.length);
  const end = Math.min(Math.max(selection?.end ?? start, start), text.length);
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}

/** The templates' names in the English picker; their text stays Chinese (Chinese reports). */
const NAME_EN: Record<string, string> = {
  'ct-head-normal': 'Head CT, plain: normal',
  'ct-head-hemorrhage': 'Head CT, plain: cerebral hemorrhage',
  'ct-head-infarct': 'Head CT, plain: lacunar infarcts',
  'ct-chest-normal': 'Chest CT, plain: normal',
  'ct-chest-pneumonia': 'Chest CT, plain: pneumonia',
  'ct-chest-nodule': 'Chest CT, plain: pulmonary nodule',
  'dr-chest-normal': 'Chest PA: normal',
  'dr-chest-pneumonia': 'Chest PA: pneumonia',
  'mr-head-normal': 'Head MR, plain: normal',
  'ecg-normal': 'Sinus rhythm, normal ECG',
  'ecg-tachycardia': 'Sinus tachycardia',
  'ecg-bradycardia': 'Sinus bradycardia',
  'ecg-af': 'Atrial fibrillation',
  'ecg-stemi-inferior': 'Acute inferior STEMI (critical)',
};

/** A template's name in the picker's language (its text is Chinese either way). */
export function templateName(t: ReportTemplate, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? t.name : (NAME_EN[t.id] ?? t.name);
}
