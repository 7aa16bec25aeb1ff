/** PLACEHOLDER: replaced by the page itself. */
export default function Page() {
  return <p>建设中</p>;
}
