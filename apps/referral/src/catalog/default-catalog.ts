import type { CatalogList } from './catalog.service';

/**
 * Starting catalog for a new community, after the seeds: 000 (“两级病种目录”), 002
 * (上转: 急危重症、疑难复杂 such as the 五大中心 conditions; 下转: 术后康复、慢病稳定期) and
 * 001 (基层提供高血压、糖尿病等慢性病的康复、随访, and 下转 of recovery patients).
 * Administrators replace these with their own through PUT /api/v1/referral-catalog/{list}.
 */
export const DEFAULT_CATALOG: Record<CatalogList, { from: string; to: string; label: string }[]> = {
  UP: [
    { from: 'I20', to: 'I25', label: '缺血性心脏病（胸痛中心）' },
    { from: 'I60', to: 'I69', label: '脑血管病（卒中中心）' },
    { from: 'S00', to: 'T14', label: '损伤（创伤中心）' },
    { from: 'O00', to: 'O99', label: '妊娠、分娩和产褥期（危重孕产妇救治中心）' },
    { from: 'P00', to: 'P96', label: '围生期疾病（危重儿童和新生儿救治中心）' },
    { from: 'C00', to: 'D48', label: '肿瘤' },
    { from: 'N17', to: 'N19', label: '肾衰竭' },
    { from: 'J96', to: 'J96', label: '呼吸衰竭' },
  ],
  DOWN: [
    { from: 'I10', to: 'I15', label: '高血压病（稳定期）' },
    { from: 'E10', to: 'E14', label: '糖尿病（稳定期）' },
    { from: 'I69', to: 'I69', label: '脑血管病后遗症（康复）' },
    { from: 'Z48', to: 'Z51', label: '术后及其他医疗照顾（康复期）' },
    { from: 'J44', to: 'J44', label: '慢性阻塞性肺疾病（稳定期）' },
    { from: 'I20', to: 'I25', label: '冠心病（稳定期）' },
  ],
  PRIMARY_CARE: [
    { from: 'I10', to: 'I10', label: '原发性高血压' },
    { from: 'E11', to: 'E11', label: '2型糖尿病' },
    { from: 'J00', to: 'J06', label: '急性上呼吸道感染' },
    { from: 'K29', to: 'K29', label: '胃炎和十二指肠炎' },
    { from: 'M54', to: 'M54', label: '背痛' },
  ],
};
