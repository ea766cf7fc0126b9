export { EXPORT_CONTENT_TYPES, exportContentDisposition, exportFileName } from './file-name';
export { reportToCsv } from './report-csv';
export { reportToPdf } from './report-pdf';
export { reportToXlsx } from './report-xlsx';
