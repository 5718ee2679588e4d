export default function Chat() {
  return <main>Chatroom</main>;
}
