/** The formats export_file writes (json is export_data's document). */
export const EXPORT_FORMATS = ['json', 'csv', 'google-csv', 'vcard', 'icalendar'] as const;
