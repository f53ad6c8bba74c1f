/**
 * A LinkedIn Connections.csv of `n` rows in LinkedIn's layout: non-ASCII names, most without an
 * e-mail (as LinkedIn exports them), 2% repeated rows (duplicates within the file).
 */
export function linkedinConnections(n: number): string {
  const lines = ['Notes:', '"When exporting your connection data, you may notice that some of the email addresses are missing."', '',
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On'];
  const firsts = ['José', 'Priya', '小明', 'Søren', 'Amara', 'Lucas', 'Anna', 'محمد', 'Kenji', 'Zoë'];
  const companies = ['Stripe', 'Figma', '"Tencent, Inc."', 'Nubank', 'Siemens AG', 'Flutterwave', 'Sony', 'Aramco'];
  for (let i = 0; i < n; i++) {
    const k = i % 50 === 49 ? i - 7 : i; // every 50th row repeats an earlier one
    const email = k % 4 === 0 ? `person${k}@example.com` : '';
    lines.push(`${firsts[k % firsts.length]},Person${k},https://www.linkedin.com/in/person-${k},${email},${companies[k % companies.length]},Engineer ${k % 17},${1 + (k % 28)} Mar 2024`);
  }
  return lines.join('\r\n') + '\r\n';
}
